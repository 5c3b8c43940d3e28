package org.adabayes.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/** Builds, initialises and measures the network a run config names. */
public final class Models {
    private Models() {}

    /** The uninitialised network for a spec. */
    public static TorchNet build(ModelSpec spec, int channels, int classes) {
        return spec.kind().build(spec, channels, classes);
    }

    /** Builds the network in float32, allocates it and applies PyTorch's init. */
    public static TorchNet create(ModelSpec spec, int channels, int classes, NDManager manager,
            long seed) {
        return create(spec, channels, classes, manager, seed, DataType.FLOAT32);
    }

    /** As {@link #create(ModelSpec, int, int, NDManager, long)} in a given precision. */
    public static TorchNet create(ModelSpec spec, int channels, int classes, NDManager manager,
            long seed, DataType dataType) {
        TorchNet net = build(spec, channels, classes);
        net.initialize(manager, dataType, new Shape(1, channels, 32, 32));
        PyTorchInit.apply(net, seed);
        return net;
    }

    /** The shapes of a network's trainable parameters, in parameter order. */
    public static List<Shape> trainableShapes(ModelSpec spec, int channels, int classes) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            List<Shape> shapes = new ArrayList<>();
            for (Parameter p : create(spec, channels, classes, m, 1).stateDict().values()) {
                if (p.requiresGradient()) {
                    shapes.add(p.getArray().getShape());
                }
            }
            return shapes;
        }
    }

    /** Trainable parameter count, as PyTorch's sum(p.numel() for p in parameters()). */
    public static long trainableParameters(TorchNet net) {
        long n = 0;
        for (Parameter p : net.stateDict().values()) {
            if (p.requiresGradient()) {
                n += p.getArray().size();
            }
        }
        return n;
    }
}
