package org.adabayes.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.List;

/**
 * The CIFAR DenseNet-121 of kuangliu/pytorch-cifar: 3x3 stem to 2*growth channels (no BN or pool),
 * bottleneck layers BN-ReLU-conv1x1(4*growth)-BN-ReLU-conv3x3(growth) whose output is concatenated
 * in front of their input, transitions BN-ReLU-conv1x1(floor(C/2))-avgpool2, head
 * BN-ReLU-avgpool-linear. Growth 32 and blocks [6, 12, 24, 16] give 6,956,298 parameters for 10
 * classes; smaller growth and blocks give the CPU-scale sibling (the head pools 32 >> (blocks-1)).
 */
public final class CifarDenseNet extends TorchNet {
    /** A dense block's bottleneck keys ({@code dense2.3}) and whether a transition follows. */
    private record Stage(List<String> layers, String transition) {}

    private final List<Stage> stages = new ArrayList<>();
    private final int pool;

    public CifarDenseNet(int growth, List<Integer> blocks, int channels, int classes) {
        super(classes);
        int planes = 2 * growth;
        declareConv("conv1", channels, planes, 3);
        for (int b = 0; b < blocks.size(); b++) {
            List<String> layers = new ArrayList<>();
            for (int i = 0; i < blocks.get(b); i++) {
                String key = "dense" + (b + 1) + "." + i;
                declareBatchNorm(key + ".bn1", planes);
                declareConv(key + ".conv1", planes, 4 * growth, 1);
                declareBatchNorm(key + ".bn2", 4 * growth);
                declareConv(key + ".conv2", 4 * growth, growth, 3);
                layers.add(key);
                planes += growth;
            }
            String transition = null;
            if (b < blocks.size() - 1) {
                transition = "trans" + (b + 1);
                int out = (int) Math.floor(planes * 0.5);
                declareBatchNorm(transition + ".bn", planes);
                declareConv(transition + ".conv", planes, out, 1);
                planes = out;
            }
            stages.add(new Stage(layers, transition));
        }
        declareBatchNorm("bn", planes);
        declareLinear("linear", planes, classes);
        pool = 32 >> (blocks.size() - 1);
    }

    @Override
    protected NDArray forward(NDArray x, boolean training) {
        NDArray out = conv("conv1", x, 1, 1);
        for (Stage s : stages) {
            for (String key : s.layers) {
                NDArray y = conv(key + ".conv1", relu(batchNorm(key + ".bn1", out, training)), 1,
                        0);
                y = conv(key + ".conv2", relu(batchNorm(key + ".bn2", y, training)), 1, 1);
                out = NDArrays.concat(new NDList(y, out), 1);
            }
            if (s.transition != null) {
                out = avgPool(conv(s.transition + ".conv",
                        relu(batchNorm(s.transition + ".bn", out, training)), 1, 0), 2);
            }
        }
        out = avgPool(relu(batchNorm("bn", out, training)), pool);
        return linear("linear", out.reshape(out.getShape().get(0), -1));
    }
}
