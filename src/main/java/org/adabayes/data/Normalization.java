package org.adabayes.data;

/**
 * Per-channel mean and std ({@code docs/protocol.md}). CIFAR-10 defaults to the AdaBound demo's
 * std, which is what the paper trained with; the true std is offered as
 * {@code normalization: true}.
 */
public record Normalization(float[] mean, float[] std) {

    /** CIFAR-10's mean with the AdaBound demo's std, which the paper trained with. */
    public static final Normalization CIFAR10_DEMO = new Normalization(
            new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2023f, 0.1994f, 0.2010f});
    /** CIFAR-10's mean and true std. */
    public static final Normalization CIFAR10_TRUE = new Normalization(
            new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});
    public static final Normalization CIFAR100 = new Normalization(
            new float[] {0.5071f, 0.4865f, 0.4409f}, new float[] {0.2673f, 0.2564f, 0.2762f});
    public static final Normalization FASHION_MNIST = new Normalization(
            new float[] {0.2860f}, new float[] {0.3530f});

    /** A 256-entry lookup table per channel: byte value to normalised float. */
    public float[][] lookup() {
        float[][] lut = new float[mean.length][256];
        for (int c = 0; c < mean.length; c++) {
            for (int v = 0; v < 256; v++) {
                lut[c][v] = (v / 255f - mean[c]) / std[c];
            }
        }
        return lut;
    }
}
