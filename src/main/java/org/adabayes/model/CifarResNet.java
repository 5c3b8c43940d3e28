package org.adabayes.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * The CIFAR ResNet of the AdaBound demo (kuangliu/pytorch-cifar): 3x3 stem without max-pool,
 * BasicBlock stages of widths 64/128/256/512 and strides 1/2/2/2, 1x1 conv + BN shortcut where
 * the shape changes, 4x4 average pool, one linear layer. 21,282,122 parameters at depth 34 with
 * 10 classes. {@code width} scales every channel count for CPU-sized siblings.
 */
public final class CifarResNet {
    private CifarResNet() {}

    public static Block build(int depth, double width, int classes) {
        List<Integer> stages = switch (depth) {
            case 18 -> List.of(2, 2, 2, 2);
            case 34 -> List.of(3, 4, 6, 3);
            default -> throw new IllegalArgumentException("ResNet depth 18 or 34, got " + depth);
        };
        int[] planes = {64, 128, 256, 512};
        int inPlanes = scaled(64, width);
        SequentialBlock net = new SequentialBlock();
        net.add(Layers.conv(inPlanes, 3, 1, 1)).add(Layers.batchNorm()).add(Activation::relu);
        for (int s = 0; s < 4; s++) {
            int out = scaled(planes[s], width);
            for (int b = 0; b < stages.get(s); b++) {
                int stride = (b == 0 && s > 0) ? 2 : 1;
                net.add(basicBlock(inPlanes, out, stride));
                inPlanes = out;
            }
        }
        net.add(Pool.avgPool2dBlock(new Shape(4, 4)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
        return net;
    }

    static int scaled(int channels, double width) {
        return Math.max(1, (int) Math.round(channels * width));
    }

    private static Block basicBlock(int in, int out, int stride) {
        SequentialBlock main = new SequentialBlock()
                .add(Layers.conv(out, 3, stride, 1)).add(Layers.batchNorm()).add(Activation::relu)
                .add(Layers.conv(out, 3, 1, 1)).add(Layers.batchNorm());
        Block shortcut = (stride != 1 || in != out)
                ? new SequentialBlock().add(Layers.conv(out, 1, stride, 0)).add(Layers.batchNorm())
                : Blocks.identityBlock();
        return new SequentialBlock()
                .add(new ParallelBlock(
                        list -> new NDList(list.get(0).singletonOrThrow()
                                .add(list.get(1).singletonOrThrow())),
                        List.of(main, shortcut)))
                .add(Activation::relu);
    }
}
