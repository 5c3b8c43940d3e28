package org.adabayes.bench;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.adabayes.model.ModelSpec;
import org.adabayes.engine.OneDnnIsa;

/**
 * The harness's training step beside PyTorch eager's ({@link TorchBench}: Debian's PyTorch, the
 * reference's networks, torch.optim SGD), under {@link ModelBench.Protocol} on both sides with
 * rounds alternating, so both sides see the same machine; then the harness's step in parts. It
 * prints numbers and asserts none.
 */
public final class SideBySide {
    /** The optimizer both sides step with: torch.optim.SGD is the one PyTorch has as-is. */
    static final String TORCH_OPTIMIZER = "sgd";

    private SideBySide() {}

    /**
     * The harness against PyTorch eager (Debian's, 2 threads, the reference's networks,
     * torch.optim SGD), case by case: {@code rounds} rounds of {@code steps} steps each side,
     * alternating, medians of the rounds; then the harness's step in parts.
     */
    public static Outcome run(List<ModelBench.Case> cases, ModelBench.Protocol protocol,
            Path work, PrintWriter out) throws IOException {
        return run(cases, protocol, work, false, out);
    }

    /**
     * What a side-by-side run measured.
     *
     * @param rows each case's round times on both sides
     * @param torch PyTorch's side in words (version, threads, oneDNN cap)
     */
    public record Outcome(List<ResultSet.Row> rows, String torch) {}

    /**
     * As {@link #run(List, ModelBench.Protocol, Path, PrintWriter)}; with {@code profile}, each
     * case's {@code steps} steps are then profiled with libtorch's profiler on both sides and set
     * side by side ({@link StepProfile}).
     */
    public static Outcome run(List<ModelBench.Case> cases, ModelBench.Protocol protocol,
            Path work, boolean profile, PrintWriter out) throws IOException {
        List<ResultSet.Row> results = new ArrayList<>();
        OneDnnIsa.apply(cases.stream().map(ModelBench.Case::model).toList(), null);
        out.printf(Locale.ROOT, "harness vs PyTorch eager, CPU, SGD step, the same protocol on "
                + "both sides, rounds alternating: %s%n", protocol.describe());
        out.printf(Locale.ROOT, "%s%n", ModelBench.harnessSide());
        List<double[]> parts = new ArrayList<>();
        List<Double> wholes = new ArrayList<>();
        List<StepProfile[]> profiles = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        String torchSide = null;
        try (TorchBench torch = TorchBench.start(work)) {
            for (ModelBench.Case c : cases) {
                int rounds = protocol.rounds();
                double[] h = new double[rounds];
                double[] t = new double[rounds];
                try (ModelBench.Harness harness = new ModelBench.Harness(c, Device.cpu())) {
                    harness.time(protocol.warmup());
                    var answer = torch.ask(request(c, protocol.warmup(), 0));
                    torchSide = String.format(Locale.ROOT, "torch:   PyTorch %s, intra-op "
                            + "threads %d, inter-op threads %d, oneDNN ISA cap %s",
                            answer.path("torch").asText(), answer.path("threads").asInt(),
                            answer.path("interop_threads").asInt(),
                            answer.path("onednn_isa_cap").isNull() ? "none (native)"
                                    : answer.path("onednn_isa_cap").asText());
                    for (int r = 0; r < rounds; r++) {
                        h[r] = harness.time(protocol.steps());
                        t[r] = torch.ask(request(c, protocol.steps(), 0)).get("ms_per_step_mean")
                                .asDouble();
                    }
                    parts.add(StepParts.time(harness.step, harness.x, harness.y,
                            protocol.steps()));
                    if (profile) {
                        profiles.add(profile(c, harness, torch, protocol.steps(), work));
                    }
                    // each profiler costs its side differently (PyTorch's 2-4x, libtorch's
                    // through DJL ~1.5x): the host time outside operators is taken against the
                    // unprofiled median step
                }
                double hm = ModelBench.median(h);
                double tm = ModelBench.median(t);
                results.add(new ResultSet.Row(c.model().label(), c.batch(),
                        TORCH_OPTIMIZER, h, t));
                wholes.add(hm);
                if (profile) {
                    StepProfile[] p = profiles.get(profiles.size() - 1);
                    p[0] = p[0].withWall(hm);
                    p[1] = p[1].withWall(tm);
                }
                rows.add(String.format(Locale.ROOT, "%-22s %18s %18s %7.2f %11.1f %11.1f",
                        c.label(), ModelBench.spread(h), ModelBench.spread(t), hm / tm,
                        c.batch() / (hm / 1e3), c.batch() / (tm / 1e3)));
            }
        }
        out.printf(Locale.ROOT, "%s%n", torchSide);
        out.printf(Locale.ROOT, "%-22s %18s %18s %7s %11s %11s%n", "network batch",
                "harness ms (range)", "torch ms (range)", "ratio", "harness i/s", "torch i/s");
        rows.forEach(r -> out.printf(Locale.ROOT, "%s%n", r));
        out.printf(Locale.ROOT, "%nharness step in parts (ms per step, each timed alone): "
                + "forward = forward + loss recording the graph; backward = (forward + "
                + "backward) - forward; optimizer = SGD step alone; read = one scalar read back; "
                + "rest = the whole step (median above) less the parts: what the parts timed "
                + "alone do not account for%n");
        out.printf(Locale.ROOT, "%-22s %9s %9s %9s %9s %9s %9s%n", "network batch", "forward",
                "backward", "optimizer", "read", "rest", "whole");
        for (int i = 0; i < cases.size(); i++) {
            double[] p = parts.get(i);
            double whole = wholes.get(i);
            out.printf(Locale.ROOT, "%-22s %9.2f %9.2f %9.2f %9.3f %9.2f %9.2f%n",
                    cases.get(i).label(), p[0], p[1] - p[0], p[2], p[3],
                    whole - p[1] - p[2] - p[3], whole);
        }
        for (int i = 0; i < profiles.size(); i++) {
            StepProfile.print("profile of " + cases.get(i).label(), profiles.get(i)[0],
                    profiles.get(i)[1], 15, out);
        }
        out.flush();
        return new Outcome(results, torchSide);
    }

    /** {harness, torch} profiles of {@code steps} steps of one case. */
    private static StepProfile[] profile(ModelBench.Case c, ModelBench.Harness harness,
            TorchBench torch, int steps, Path work) throws IOException {
        Path mine = work.toAbsolutePath().resolve("profile-harness.json");
        Path theirs = work.toAbsolutePath().resolve("profile-torch.json");
        JniUtils.startProfile(false, false, false);
        double ms;
        try {
            ms = harness.time(steps);
        } finally {
            JniUtils.stopProfile(mine.toString());
        }
        Map<String, Object> r = request(c, steps, 0);
        r.put("profile", theirs.toString());
        double theirMs = torch.ask(r).get("ms_per_step_mean").asDouble();
        return new StepProfile[] {StepProfile.read(mine, steps, ms),
            StepProfile.read(theirs, steps, theirMs)};
    }

    private static Map<String, Object> request(ModelBench.Case c, int steps, int warmup) {
        Map<String, Object> r = new LinkedHashMap<>();
        ModelSpec m = c.model();
        r.put("model", m.name());
        if (m.isDenseNet()) {
            r.put("growth", m.growth());
            r.put("blocks", m.blocks());
        } else {
            r.put("width", m.width());
        }
        r.put("batch", c.batch());
        r.put("optimizer", TORCH_OPTIMIZER);
        r.put("steps", steps);
        r.put("warmup", warmup);
        r.put("threads", ModelBench.threads());
        return r;
    }

}
