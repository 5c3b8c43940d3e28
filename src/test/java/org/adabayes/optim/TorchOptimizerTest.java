package org.adabayes.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.adabayes.Fixtures;
import org.adabayes.TorchOracle;
import org.adabayes.io.NpyArray;
import org.adabayes.io.Npz;
import org.adabayes.model.StateDicts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every optimizer alone against the PyTorch reference's (torch.optim for the five PyTorch rules,
 * the reference's own AdaBound and AdaBayes pair), on identical weights and gradients:
 *
 * <ul>
 *   <li>float32, one step from zero weights (so the weight is the step, and rounding of the
 *       weight does not hide the step's own error): within 1e-6 of the step, in every form (fused
 *       CPU kernel, multi-tensor step, per-tensor NDArray form);
 *   <li>float64, eight steps with a schedule drop after five, from random weights: within 1e-12
 *       of the distance moved (the multi-tensor step a float64 run takes, and the per-tensor
 *       form).
 * </ul>
 *
 * All cases run through one invocation of the reference.
 */
class TorchOptimizerTest {
    @TempDir
    Path tmp;

    static final int N = 300;
    static final int B = 32;

    record Case(OptimizerKind kind, StepPath path, DataType precision, Path dir, double[][] out,
            double[] w0, double tolerance) {}

    @Test
    void everyOptimizerStepsAsPyTorchDoes() throws IOException {
        TorchOracle.require();
        List<Case> cases = new ArrayList<>();
        for (OptimizerKind k : OptimizerKind.values()) {
            for (StepPath p : StepPath.values()) {
                cases.add(prepare(k, p, DataType.FLOAT32, 1, 1e-6));
            }
            cases.add(prepare(k, StepPath.MULTI_TENSOR, DataType.FLOAT64, 8, 1e-12));
            cases.add(prepare(k, StepPath.PER_TENSOR, DataType.FLOAT64, 8, 1e-12));
        }
        List<String> args = new ArrayList<>(List.of("step"));
        cases.forEach(c -> args.add(c.dir().toString()));
        String out = TorchOracle.reference(args.toArray(String[]::new));
        assertTrue(out.startsWith("0:"), out);
        List<String> bad = new ArrayList<>();
        for (Case c : cases) {
            double[] torch = Npz.read(c.dir().resolve("optstep-out.npz")).get("w").toDoubles();
            double worst = 0;
            double moved = 0;
            int steps = c.out().length;
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < N; i++) {
                    double tw = torch[t * N + i];
                    worst = Math.max(worst, Math.abs(c.out()[t][i] - tw));
                    moved = Math.max(moved, Math.abs(tw - c.w0()[i]));
                }
            }
            String line = String.format(Locale.ROOT, "%s %s %s: %.2e of the step",
                    c.kind(), c.path(), c.precision(), worst / moved);
            if (!(moved > 0 && worst <= c.tolerance() * moved)) {
                bad.add(line);
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    Case prepare(OptimizerKind kind, StepPath path, DataType precision, int steps,
            double tolerance) throws IOException {
        Path dir = tmp.resolve(kind + "-" + path + "-" + precision);
        Files.createDirectories(dir);
        SplittableRandom rng = new SplittableRandom(kind.ordinal());
        double[] w0 = new double[N];
        double[][] g = new double[steps][N];
        for (int i = 0; i < N; i++) {
            w0[i] = steps == 1 ? 0 : rng.nextDouble(-1, 1);
        }
        double[] flat = new double[steps * N];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < N; i++) {
                // mixed scales: AdaBayes' SGD regime, the transition and its Adam regime
                g[t][i] = rng.nextGaussian() * (i % 3 == 0 ? 1e-3 : i % 3 == 1 ? 0.05 : 1.0);
                flat[t * N + i] = g[t][i];
            }
        }
        double[] factors = new double[steps];
        OptimizerOptions spec = Fixtures.spec(kind, B);
        StatefulOptimizer opt = path.on(spec.create(B));
        double[][] out = new double[steps][];
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(w0).toType(precision, false);
            for (int t = 0; t < steps; t++) {
                factors[t] = t >= 5 ? 0.1 : 1.0;
                opt.setScheduleFactor(factors[t]);
                NDArray grad = m.create(g[t]).toType(precision, false);
                opt.update("w", w, grad);
                out[t] = w.toType(DataType.FLOAT64, false).toDoubleArray();
            }
            Map<String, NpyArray> in = new LinkedHashMap<>();
            in.put("w", StateDicts.toNpy(m.create(w0), precision));
            in.put("g", StateDicts.toNpy(m.create(flat, new Shape(steps, N)), precision));
            Npz.write(dir.resolve("optstep-in.npz"), in);
        }
        opt.close();
        StringBuilder json = new StringBuilder("{\"optimizer\": {\"name\": \"" + kind.id()
                + "\"");
        new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(spec).fields()
                .forEachRemaining(e -> {
                    if (!e.getKey().equals("name")) {
                        json.append(", \"").append(e.getKey()).append("\": ")
                                .append(e.getValue());
                    }
                });
        json.append("}, \"batchSize\": ").append(B).append(", \"precision\": \"")
                .append(precision.name().toLowerCase(Locale.ROOT)).append("\", \"factors\": ")
                .append(java.util.Arrays.toString(factors)).append('}');
        Files.writeString(dir.resolve("optstep.json"), json.toString());
        return new Case(kind, path, precision, dir, out, w0, tolerance);
    }
}
