package org.adabayes.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.adabayes.config.ModelSpec;

/** Builds, initialises and measures the network a run config names. */
public final class Models {
    private Models() {}

    /** The unitialised block for a spec. */
    public static Block build(ModelSpec spec, int classes) {
        return switch (spec.name()) {
            case "resnet18" -> CifarResNet.build(18, spec.width(), classes);
            case "resnet34" -> CifarResNet.build(34, spec.width(), classes);
            case "densenet121" -> CifarDenseNet.build(spec.growth(), spec.blocks(), classes);
            default -> throw new IllegalArgumentException("unknown model " + spec.name());
        };
    }

    /** Builds the block, allocates it for (1, C, 32, 32) inputs and applies PyTorch's init. */
    public static Block create(ModelSpec spec, int channels, int classes, NDManager manager,
            long seed) {
        Block block = build(spec, classes);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, channels, 32, 32));
        PyTorchInit.apply(block, seed);
        return block;
    }

    /** The shapes of a network's trainable parameters, in parameter order. */
    public static List<Shape> trainableShapes(ModelSpec spec, int channels, int classes) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Block b = create(spec, channels, classes, m, 1);
            List<Shape> shapes = new ArrayList<>();
            for (Pair<String, Parameter> p : b.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    shapes.add(p.getValue().getArray().getShape());
                }
            }
            return shapes;
        }
    }

    /** Trainable parameter count, as PyTorch's sum(p.numel() for p in parameters()). */
    public static long trainableParameters(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }
}
