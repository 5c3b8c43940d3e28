package org.adabayes.parity;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.Csv;
import org.adabayes.io.NpyArray;
import org.adabayes.io.Npz;
import org.adabayes.io.UserInputException;

/**
 * Sets a harness run beside the PyTorch reference's run of the same steps and says whether they
 * are the same computation. In float64 rounding is ~1e-15 and training is stable, so anything
 * above the tolerances is a difference of semantics; in float32 training is chaotic, so only the
 * first two steps' losses are held to a tolerance and the rest is reported.
 */
final class ParityCheck {
    /** float64: per-step loss, relative. */
    static final double LOSS_64 = 1e-8;
    /** float32: the first two steps' losses, relative. */
    static final double LOSS_32 = 1e-5;
    /** float64: each tensor's final-weight difference relative to its distance travelled. */
    static final double WEIGHTS_64 = 1e-6;
    /** float64: BatchNorm running statistics and eval logits, relative. */
    static final double BUFFERS_64 = 1e-8;

    /** One line of the summary: what was compared, the worst case, and whether it held. */
    record Line(String what, double worst, String where, double tolerance, boolean gated) {
        boolean ok() {
            return !gated || worst <= tolerance;
        }

        String text() {
            return String.format(Locale.ROOT, "  %-20s worst %-9.2e %-36s %s", what, worst,
                    where, gated ? String.format(Locale.ROOT, "tol %.0e  %s", tolerance,
                            ok() ? "ok" : "FAIL") : "(reported, not gated in float32)");
        }
    }

    private ParityCheck() {}

    static List<Line> compare(Path dir, DataType precision) throws IOException {
        boolean f64 = precision == DataType.FLOAT64;
        List<Line> lines = new ArrayList<>();
        double[] h = losses(dir.resolve("harness.csv"));
        double[] t = losses(dir.resolve("torch.csv"));
        if (h.length != t.length) {
            throw new IOException("harness.csv has " + h.length + " steps, torch.csv "
                    + t.length);
        }
        List<List<String>> csv = new ArrayList<>();
        double worstAll = 0;
        int atAll = 0;
        double worstTwo = 0;
        for (int k = 0; k < h.length; k++) {
            double rel = Math.abs(h[k] - t[k]) / Math.abs(t[k]);
            csv.add(List.of(String.valueOf(k + 1), String.format(Locale.ROOT, "%.17g", h[k]),
                    String.format(Locale.ROOT, "%.17g", t[k]),
                    String.format(Locale.ROOT, "%.3e", rel)));
            if (!(rel <= worstAll)) {
                worstAll = rel;
                atAll = k + 1;
            }
            if (k < 2) {
                worstTwo = Math.max(worstTwo, rel);
            }
        }
        AtomicFiles.writeString(dir.resolve("parity.csv"), Csv.write(
                List.of("step", "harness_loss", "torch_loss", "rel_diff"), csv));
        if (f64) {
            lines.add(new Line("per-step loss", worstAll, "at step " + atAll, LOSS_64, true));
        } else {
            lines.add(new Line("loss, steps 1-2", worstTwo, "", LOSS_32, true));
            lines.add(new Line("per-step loss", worstAll, "at step " + atAll, LOSS_32, false));
        }
        lines.addAll(finalState(dir, WEIGHTS_64, BUFFERS_64, f64, "torch"));
        double[] lh = Npz.read(dir.resolve("eval.npz")).get("logits").toDoubles();
        double[] lt = Npz.read(dir.resolve("torch-eval.npz")).get("logits").toDoubles();
        double maxAbs = 0;
        double maxDiff = 0;
        for (int i = 0; i < lt.length; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(lt[i]));
            maxDiff = Math.max(maxDiff, Math.abs(lh[i] - lt[i]));
        }
        lines.add(new Line("eval logits", maxDiff / maxAbs, "(max |diff| / max |logit|)",
                BUFFERS_64, f64));
        return lines;
    }

    /**
     * final.npz against torch-final.npz: each weight tensor's difference relative to the distance
     * the reference moved it from init.npz, and BatchNorm's running statistics relative to their
     * size (num_batches_tracked exactly).
     */
    static List<Line> finalState(Path dir, double weightTol, double bufferTol, boolean gated,
            String prefix) {
        Map<String, NpyArray> init = Npz.read(dir.resolve("init.npz"));
        Map<String, NpyArray> hf = Npz.read(dir.resolve("final.npz"));
        Map<String, NpyArray> tf = Npz.read(dir.resolve(prefix + "-final.npz"));
        double worstW = 0;
        String whereW = "";
        double worstB = 0;
        String whereB = "";
        for (Map.Entry<String, NpyArray> e : hf.entrySet()) {
            String key = e.getKey();
            NpyArray other = tf.get(key);
            if (other == null) {
                throw new UserInputException(dir.resolve(prefix + "-final.npz") + ": lacks "
                        + key);
            }
            double[] a = e.getValue().toDoubles();
            double[] b = other.toDoubles();
            if (key.endsWith(".num_batches_tracked")) {
                if (a[0] != b[0]) {
                    worstB = Double.POSITIVE_INFINITY;
                    whereB = key;
                }
                continue;
            }
            if (key.contains(".running_")) {
                double r = norm(a, b) / Math.max(norm(b, null), Double.MIN_NORMAL);
                if (!(r <= worstB)) {
                    worstB = r;
                    whereB = "(" + key + ")";
                }
                continue;
            }
            double moved = norm(b, init.get(key).toDoubles());
            double diff = norm(a, b);
            double r = moved == 0 ? (diff == 0 ? 0 : Double.POSITIVE_INFINITY) : diff / moved;
            if (!(r <= worstW)) {
                worstW = r;
                whereW = "(" + key + ")";
            }
        }
        return List.of(new Line("final weights", worstW, whereW + " / distance moved",
                weightTol, gated), new Line("BatchNorm buffers", worstB, whereB, bufferTol,
                gated));
    }

    /** ||a - b|| (b null: ||a||). */
    static double norm(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = b == null ? a[i] : a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** The loss column of a per-step loss file (harness.csv, torch.csv). */
    private static double[] losses(Path file) {
        Csv.Rows rows = Csv.read(file);
        int col = rows.column("loss");
        if (col < 0) {
            throw new UserInputException(file + ": no loss column in the header");
        }
        rows.requireWidth(rows.header().size());
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.number(i, col);
        }
        return out;
    }
}
