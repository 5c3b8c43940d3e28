package org.adabayes.model;

import ai.djl.ndarray.NDArrays;
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
 * The CIFAR DenseNet-121 of kuangliu/pytorch-cifar: 3x3 stem to 2*growth channels (no BN or pool),
 * bottleneck layers BN-ReLU-conv1x1(4*growth)-BN-ReLU-conv3x3(growth) whose output is concatenated
 * to their input, transitions BN-ReLU-conv1x1(floor(C/2))-avgpool2, head BN-ReLU-avgpool4-linear.
 * Growth 32 and blocks [6, 12, 24, 16] give 6,956,298 parameters for 10 classes; smaller growth
 * and blocks give the CPU-scale sibling.
 */
public final class CifarDenseNet {
    private CifarDenseNet() {}

    public static Block build(int growth, List<Integer> blocks, int classes) {
        int planes = 2 * growth;
        SequentialBlock net = new SequentialBlock().add(Layers.conv(planes, 3, 1, 1));
        for (int b = 0; b < blocks.size(); b++) {
            for (int i = 0; i < blocks.get(b); i++) {
                net.add(bottleneck(growth));
                planes += growth;
            }
            if (b < blocks.size() - 1) {
                int out = (int) Math.floor(planes * 0.5);
                net.add(Layers.batchNorm()).add(Activation::relu).add(Layers.conv(out, 1, 1, 0))
                        .add(Pool.avgPool2dBlock(new Shape(2, 2)));
                planes = out;
            }
        }
        int pool = 32 >> (blocks.size() - 1);
        net.add(Layers.batchNorm()).add(Activation::relu)
                .add(Pool.avgPool2dBlock(new Shape(pool, pool)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(classes).build());
        return net;
    }

    private static Block bottleneck(int growth) {
        SequentialBlock f = new SequentialBlock()
                .add(Layers.batchNorm()).add(Activation::relu).add(Layers.conv(4 * growth, 1, 1, 0))
                .add(Layers.batchNorm()).add(Activation::relu).add(Layers.conv(growth, 3, 1, 1));
        return new ParallelBlock(
                list -> new NDList(NDArrays.concat(
                        new NDList(list.get(0).singletonOrThrow(), list.get(1).singletonOrThrow()),
                        1)),
                List.of(Blocks.identityBlock(), f));
    }
}
