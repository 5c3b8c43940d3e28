package org.adabayes.model;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * The CIFAR ResNet of the AdaBound demo (kuangliu/pytorch-cifar): 3x3 stem without max-pool,
 * BasicBlock stages of widths 64/128/256/512 and strides 1/2/2/2, 1x1 conv + BN shortcut where
 * the shape changes, 4x4 average pool, one linear layer. 21,282,122 parameters at depth 34 with
 * 10 classes. {@code width} scales every channel count (rounded, at least 1) for CPU-sized
 * siblings; the state_dict keys are the reference's at any width.
 */
public final class CifarResNet extends TorchNet {
    /** One BasicBlock: its key prefix ({@code layer2.0}), stride and whether it has a shortcut. */
    private record Basic(String key, int stride, boolean shortcut) {}

    private final List<Basic> blocks = new ArrayList<>();

    public CifarResNet(int depth, double width, int channels, int classes) {
        super(classes);
        int[] stages = switch (depth) {
            case 18 -> new int[] {2, 2, 2, 2};
            case 34 -> new int[] {3, 4, 6, 3};
            default -> throw new IllegalArgumentException("ResNet depth 18 or 34, got " + depth);
        };
        int[] planes = {64, 128, 256, 512};
        int in = scaled(64, width);
        declareConv("conv1", channels, in, 3);
        declareBatchNorm("bn1", in);
        for (int s = 0; s < 4; s++) {
            int out = scaled(planes[s], width);
            for (int b = 0; b < stages[s]; b++) {
                String key = "layer" + (s + 1) + "." + b;
                int stride = b == 0 && s > 0 ? 2 : 1;
                boolean shortcut = stride != 1 || in != out;
                declareConv(key + ".conv1", in, out, 3);
                declareBatchNorm(key + ".bn1", out);
                declareConv(key + ".conv2", out, out, 3);
                declareBatchNorm(key + ".bn2", out);
                if (shortcut) {
                    declareConv(key + ".shortcut.0", in, out, 1);
                    declareBatchNorm(key + ".shortcut.1", out);
                }
                blocks.add(new Basic(key, stride, shortcut));
                in = out;
            }
        }
        declareLinear("linear", in, classes);
    }

    /** A channel count at a width multiplier, as the Python reference rounds it. */
    public static int scaled(int channels, double width) {
        return Math.max(1, (int) Math.round(channels * width));
    }

    @Override
    protected NDArray forward(NDArray x, boolean training) {
        NDArray out = relu(batchNorm("bn1", conv("conv1", x, 1, 1), training));
        for (Basic b : blocks) {
            NDArray y = relu(batchNorm(b.key + ".bn1", conv(b.key + ".conv1", out, b.stride, 1),
                    training));
            y = batchNorm(b.key + ".bn2", conv(b.key + ".conv2", y, 1, 1), training);
            NDArray shortcut = b.shortcut ? batchNorm(b.key + ".shortcut.1",
                    conv(b.key + ".shortcut.0", out, b.stride, 0), training) : out;
            out = relu(y.addi(shortcut));
        }
        out = avgPool(out, 4);
        return linear("linear", out.reshape(out.getShape().get(0), -1));
    }
}
