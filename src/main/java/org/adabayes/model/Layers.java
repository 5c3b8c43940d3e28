package org.adabayes.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/** The two layers both networks repeat, with PyTorch's settings spelled out. */
final class Layers {
    private Layers() {}

    /** Square conv without bias (every conv of both reference networks has bias=False). */
    static Block conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(false)
                .build();
    }

    /**
     * PyTorch's BatchNorm2d: running stats updated with momentum 0.1 (DJL states the complement,
     * 0.9) and eps 1e-5.
     */
    static Block batchNorm() {
        return BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).build();
    }
}
