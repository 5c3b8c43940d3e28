package org.adabayes.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.adabayes.data.Seeds;

/**
 * Re-initialises every parameter as the paper's PyTorch code had it, because DJL's default
 * (Xavier-like) initialiser differs and would change the early training curves Table 1 compares.
 * Conv and linear weights: kaiming_uniform with a = sqrt(5), i.e. U(+-1/sqrt(fan_in)); their biases
 * U(+-1/sqrt(fan_in)) with the weight's fan_in; BatchNorm gamma 1, beta 0, running mean 0, var 1.
 * Values come from a seeded Java generator, so the same seed gives the same network on any engine.
 */
public final class PyTorchInit {
    private PyTorchInit() {}

    public static void apply(TorchNet net, long seed) {
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, 0x1217L));
        Map<String, Long> fanIn = new HashMap<>();
        for (Map.Entry<String, Parameter> p : net.stateDict().entrySet()) {
            if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                long[] shape = p.getValue().getArray().getShape().getShape();
                long fan = 1;
                for (int i = 1; i < shape.length; i++) {
                    fan *= shape[i];
                }
                fanIn.put(stem(p.getKey(), "weight"), fan);
            }
        }
        for (Map.Entry<String, Parameter> p : net.stateDict().entrySet()) {
            Parameter param = p.getValue();
            NDArray a = param.getArray();
            double[] v = new double[Math.toIntExact(a.size())];
            switch (param.getType()) {
                case WEIGHT, BIAS -> {
                    String suffix = param.getType() == Parameter.Type.WEIGHT ? "weight" : "bias";
                    Long fan = fanIn.get(stem(p.getKey(), suffix));
                    if (fan == null) {
                        throw new IllegalStateException("no weight found for " + p.getKey());
                    }
                    double bound = 1.0 / Math.sqrt(fan);
                    for (int i = 0; i < v.length; i++) {
                        v[i] = rng.nextDouble(-bound, bound);
                    }
                }
                case GAMMA, RUNNING_VAR -> Arrays.fill(v, 1.0);
                case BETA, RUNNING_MEAN -> Arrays.fill(v, 0.0);
                default -> throw new IllegalStateException(
                        "unexpected parameter type " + param.getType() + " of " + p.getKey());
            }
            set(a, v);
        }
    }

    /** Writes values into an array of either precision. */
    static void set(NDArray a, double[] v) {
        if (a.getDataType() == DataType.FLOAT64) {
            a.set(DoubleBuffer.wrap(v));
            return;
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        a.set(FloatBuffer.wrap(f));
    }

    private static String stem(String name, String suffix) {
        return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
    }
}
