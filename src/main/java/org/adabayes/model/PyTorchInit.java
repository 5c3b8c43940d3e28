package org.adabayes.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
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

    public static void apply(Block block, long seed) {
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, 0x1217L));
        Map<String, Long> fanIn = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                long[] shape = p.getValue().getArray().getShape().getShape();
                long fan = 1;
                for (int i = 1; i < shape.length; i++) {
                    fan *= shape[i];
                }
                fanIn.put(stem(p.getKey(), "weight"), fan);
            }
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            NDArray a = param.getArray();
            int n = Math.toIntExact(a.size());
            float[] v = new float[n];
            switch (param.getType()) {
                case WEIGHT, BIAS -> {
                    String suffix = param.getType() == Parameter.Type.WEIGHT ? "weight" : "bias";
                    Long fan = fanIn.get(stem(p.getKey(), suffix));
                    if (fan == null) {
                        throw new IllegalStateException("no weight found for " + p.getKey());
                    }
                    double bound = 1.0 / Math.sqrt(fan);
                    for (int i = 0; i < n; i++) {
                        v[i] = (float) rng.nextDouble(-bound, bound);
                    }
                }
                case GAMMA, RUNNING_VAR -> java.util.Arrays.fill(v, 1f);
                case BETA, RUNNING_MEAN -> java.util.Arrays.fill(v, 0f);
                default -> throw new IllegalStateException(
                        "unexpected parameter type " + param.getType() + " of " + p.getKey());
            }
            a.set(v);
        }
    }

    private static String stem(String name, String suffix) {
        return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
    }
}
