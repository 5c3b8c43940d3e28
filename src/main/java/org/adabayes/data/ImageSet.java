package org.adabayes.data;

/**
 * Images as raw bytes in (N, C, H, W) order with their labels. Kept as bytes (a quarter of the
 * memory of floats) and normalised per batch, which is how CIFAR's 50k images stay at 150 MB.
 */
public record ImageSet(byte[] pixels, int[] labels, int channels, int height, int width,
        int numClasses) {

    public ImageSet {
        int per = channels * height * width;
        if ((long) labels.length * per != pixels.length) {
            throw new IllegalArgumentException(
                    "pixels hold " + pixels.length + " bytes, not " + labels.length + " images");
        }
    }

    public int size() {
        return labels.length;
    }

    public int imageSize() {
        return channels * height * width;
    }

    /** The first {@code n} images (or all when n is null or at least the size). */
    public ImageSet head(Integer n) {
        if (n == null || n >= size()) {
            return this;
        }
        byte[] p = java.util.Arrays.copyOf(pixels, n * imageSize());
        int[] l = java.util.Arrays.copyOf(labels, n);
        return new ImageSet(p, l, channels, height, width, numClasses);
    }
}
