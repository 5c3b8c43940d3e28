package org.adabayes.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * What one convolution or linear layer saw in a training forward pass, for an optimizer that
 * preconditions by layer statistics (AdaBayes-KF): its input, and a zero-valued probe added to
 * its output, whose gradient after the backward pass is the gradient of the loss with respect to
 * the layer's output (Grosse and Martens' delta).
 *
 * @param weightKey the layer's weight, e.g. {@code layer2.0.conv1.weight}
 * @param input the layer's input (N, C, H, W) or (N, features)
 * @param probe zeros of the output's shape, requiring a gradient
 * @param kernel the square kernel size (0 for a linear layer)
 */
public record LayerCapture(String weightKey, NDArray input, NDArray probe, int kernel,
        int stride, int padding) {
    /** The number of images. */
    public int batch() {
        return (int) input.getShape().get(0);
    }

    /**
     * The input vectors a weight row multiplies, one column per image and output position:
     * (fan-in, rows). For a convolution these are the C k k patches in the weight's (C, kh, kw)
     * order (im2col): the padded input is first laid out channel-major, (C, N, H, W), so that the
     * k k strided windows stacked on axis 1 are already (C, k k, N, Ho, Wo), and the one copy the
     * stack makes is the only copy of patch size.
     */
    public NDArray inputColumns() {
        if (kernel == 0) {
            return input.transpose();
        }
        Shape out = probe.getShape();
        long n = out.get(0);
        long ho = out.get(2);
        long wo = out.get(3);
        long c = input.getShape().get(1);
        NDArray x = (padding > 0 ? input.pad(new Shape(padding, padding, padding, padding), 0)
                : input).transpose(1, 0, 2, 3);
        NDList taps = new NDList();
        for (int di = 0; di < kernel; di++) {
            for (int dj = 0; dj < kernel; dj++) {
                taps.add(x.get(":, :, " + di + ":" + (di + stride * (ho - 1) + 1) + ":" + stride
                        + ", " + dj + ":" + (dj + stride * (wo - 1) + 1) + ":" + stride));
            }
        }
        return NDArrays.stack(taps, 1).reshape(c * kernel * kernel, n * ho * wo);
    }

    /** The output gradients at the same columns as {@link #inputColumns}: (fan-out, rows). */
    public NDArray outputGradientColumns() {
        NDArray d = probe.getGradient();
        return kernel == 0 ? d.transpose() : columns(d);
    }

    /** (N, K, H, W) to (K, N H W): a copy of contiguous H W blocks. */
    private static NDArray columns(NDArray a) {
        Shape s = a.getShape();
        return a.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).transpose(1, 0, 2)
                .reshape(s.get(1), s.get(0) * s.get(2) * s.get(3));
    }
}
