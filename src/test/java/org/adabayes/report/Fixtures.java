package org.adabayes.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.adabayes.config.ConfigCodec;
import org.adabayes.data.DataSpec;
import org.adabayes.model.ModelSpec;
import org.adabayes.config.RunConfig;
import org.adabayes.config.ScheduleSpec;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.optim.OptimizerOptions;
import org.adabayes.rundir.EpochCsv;

/** Writes run directories in train's on-disk format with curves chosen by the test. */
final class Fixtures {
    private Fixtures() {}

    static Path run(Path root, String dataset, String model, String optimizer, long seed,
            String status, double[] testError, double[] testLoss, int epochs) throws IOException {
        RunConfig cfg = new RunConfig(new ModelSpec(model, null, null, null),
                new DataSpec(dataset, null, null, null, null, null),
                spec(optimizer),
                new ScheduleSpec(epochs, List.of(Math.max(0, epochs * 3 / 4)), null), null, null,
                seed, null, null, null);
        Path dir = root.resolve(dataset + "-" + model).resolve(optimizer).resolve("seed-" + seed);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.yaml"), ConfigCodec.toYaml(cfg));
        Files.writeString(dir.resolve("manifest.json"), "{\"status\": \"" + status + "\"}\n");
        StringBuilder sb = new StringBuilder(EpochCsv.HEADER + "\n");
        for (int e = 0; e < testError.length; e++) {
            sb.append(String.format(Locale.ROOT, "%d,1,%s,%s,%s,%s,1.0,100.0,0.8,0.2,0.0%n", e,
                    num(testLoss[e] * 0.8), num(testError[e] * 0.5), num(testLoss[e]),
                    num(testError[e])));
        }
        Files.writeString(dir.resolve("epochs.csv"), sb.toString());
        return dir;
    }

    /**
     * {@code adamw} or a variant, {@code adamw+nawd}: each +flag set to true; a
     * {@code +lr=0.01} part sets a hyper-parameter (its config field name).
     */
    static OptimizerOptions spec(String optimizer) {
        String[] parts = optimizer.split("\\+");
        OptimizerOptions s = OptimizerKind.byName(parts[0]).defaults();
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=");
            s = kv.length == 1 ? s.with(kv[0].toLowerCase(Locale.ROOT), true)
                    : s.with(kv[0], Double.valueOf(kv[1]));
        }
        return s;
    }

    /** Rewrites a run's manifest.json with extra fields, e.g. {@code "maxBatchesPerEpoch": 2}. */
    static void manifest(Path dir, String status, String extra) throws IOException {
        Files.writeString(dir.resolve("manifest.json"), "{\"status\": \"" + status + "\""
                + (extra.isEmpty() ? "" : ", " + extra) + "}\n");
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "NaN" : Double.toString(v);
    }
}
