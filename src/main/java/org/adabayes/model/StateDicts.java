package org.adabayes.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.adabayes.io.NpyArray;
import org.adabayes.io.UserInputException;

/**
 * A network's weights and BatchNorm buffers as a PyTorch state_dict in NumPy arrays: the keys of
 * the reference model, PyTorch's layouts (DJL's conv and linear layouts are PyTorch's), and a
 * {@code num_batches_tracked} per BatchNorm, so {@code load_state_dict(..., strict=True)} of the
 * reference accepts it unchanged.
 */
public final class StateDicts {
    private static final String RUNNING_VAR = ".running_var";

    private StateDicts() {}

    /**
     * The state_dict in a given precision.
     *
     * @param batchesTracked each BatchNorm's num_batches_tracked (the training steps taken)
     */
    public static Map<String, NpyArray> export(TorchNet net, long batchesTracked,
            DataType precision) {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : net.stateDict().entrySet()) {
            out.put(e.getKey(), toNpy(e.getValue().getArray(), precision));
            if (e.getKey().endsWith(RUNNING_VAR)) {
                String bn = e.getKey().substring(0, e.getKey().length() - RUNNING_VAR.length());
                out.put(bn + ".num_batches_tracked", NpyArray.ofLongs(
                        new long[] {batchesTracked}));
            }
        }
        return out;
    }

    /** An array as float32 or float64 NumPy data. */
    public static NpyArray toNpy(NDArray a, DataType precision) {
        long[] shape = a.getShape().getShape();
        if (precision == DataType.FLOAT64) {
            return NpyArray.ofDoubles(a.toType(DataType.FLOAT64, false).toDoubleArray(), shape);
        }
        return NpyArray.ofFloats(a.toType(DataType.FLOAT32, false).toFloatArray(), shape);
    }

    /** An NDArray of NumPy data, in the array's own precision. */
    public static NDArray fromNpy(NDManager m, NpyArray a) {
        Shape shape = new Shape(a.shape());
        return switch (a.dtype()) {
            case NpyArray.F8 -> m.create(a.toDoubles(), shape);
            case NpyArray.F4 -> m.create(a.toDoubles(), shape).toType(DataType.FLOAT32, false);
            default -> m.create(java.util.Arrays.stream(a.toDoubles()).mapToLong(d -> (long) d)
                    .toArray(), shape);
        };
    }

    /**
     * Loads a PyTorch state_dict into a fresh network ({@code train --init}): every key of the
     * network required with its shape, and no other key but BatchNorm's num_batches_tracked
     * (which the harness does not keep), so weights saved from a different network are refused
     * rather than half loaded.
     *
     * @param label names the source in errors
     * @throws UserInputException naming the first key that is missing, extra or of another shape
     */
    public static void loadStrict(TorchNet net, Map<String, NpyArray> dict, String label) {
        for (String key : dict.keySet()) {
            if (!net.stateDict().containsKey(key) && !key.endsWith(".num_batches_tracked")) {
                throw new UserInputException(label + ": " + key + " is not a key of the "
                        + "network's state_dict (" + net.stateDict().size() + " keys, the first "
                        + net.stateDict().keySet().iterator().next() + ")");
            }
            NpyArray a = dict.get(key);
            if (!key.endsWith(".num_batches_tracked") && !a.dtype().equals(NpyArray.F4)
                    && !a.dtype().equals(NpyArray.F8)) {
                throw new UserInputException(label + ": " + key + " is " + a.dtype()
                        + ", expected float32 or float64");
            }
        }
        load(net, dict, label);
    }

    /**
     * Loads a state_dict into the network (num_batches_tracked ignored), every key required.
     *
     * @param label names the source in errors
     */
    public static void load(TorchNet net, Map<String, NpyArray> dict, String label) {
        for (Map.Entry<String, Parameter> e : net.stateDict().entrySet()) {
            NpyArray a = dict.get(e.getKey());
            NDArray target = e.getValue().getArray();
            if (a == null) {
                throw new UserInputException(label + ": missing " + e.getKey());
            }
            if (!new Shape(a.shape()).equals(target.getShape())) {
                throw new UserInputException(label + ": " + e.getKey() + " has shape "
                        + new Shape(a.shape()) + ", the network's is " + target.getShape());
            }
            PyTorchInit.set(target, a.toDoubles());
        }
    }
}
