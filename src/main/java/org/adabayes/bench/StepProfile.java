package org.adabayes.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * libtorch's profile of some training steps, as both sides of the side-by-side benchmark write it
 * (a Chrome trace: DJL's {@code JniUtils.stopProfile} on the harness's side, {@code
 * torch.autograd.profiler} on PyTorch's), reduced per step: each operator's calls and self time,
 * the time inside operators (the outermost {@code aten::} events) and so the host time outside
 * them, which is where a framework's own overhead shows.
 */
record StepProfile(double wallMs, double inOpsMs, int outermostOps, Map<String, double[]> ops) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The same profile against another step time (the unprofiled one). */
    StepProfile withWall(double ms) {
        return new StepProfile(ms, inOpsMs, outermostOps, ops);
    }

    /** Reads a trace of {@code steps} steps that took {@code wallMs} per step. */
    static StepProfile read(Path trace, int steps, double wallMs) throws IOException {
        JsonNode root = JSON.readTree(trace.toFile());
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        Map<String, List<JsonNode>> byThread = new HashMap<>();
        for (JsonNode e : events) {
            if ("X".equals(e.path("ph").asText())) {
                byThread.computeIfAbsent(e.path("tid").asText(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, double[]> ops = new HashMap<>(); // name -> {calls, self us}
        double inOps = 0;
        int outermost = 0;
        for (List<JsonNode> list : byThread.values()) {
            list.sort(Comparator.comparingDouble((JsonNode e) -> e.path("ts").asDouble())
                    .thenComparingDouble(e -> -e.path("dur").asDouble()));
            Deque<double[]> open = new ArrayDeque<>(); // {end, child time, index}
            Deque<String> names = new ArrayDeque<>();
            Deque<Boolean> insideAten = new ArrayDeque<>();
            for (JsonNode e : list) {
                double ts = e.path("ts").asDouble();
                double dur = e.path("dur").asDouble();
                while (!open.isEmpty() && ts >= open.peek()[0] - 1e-6) {
                    close(open, names, insideAten, ops);
                }
                String name = e.path("name").asText();
                boolean aten = name.startsWith("aten::");
                boolean enclosed = !insideAten.isEmpty() && insideAten.peek();
                if (aten && !enclosed) {
                    inOps += dur;
                    outermost++;
                }
                if (!open.isEmpty()) {
                    open.peek()[1] += dur;
                }
                open.push(new double[] {ts + dur, 0, dur});
                names.push(name);
                insideAten.push(aten || enclosed);
            }
            while (!open.isEmpty()) {
                close(open, names, insideAten, ops);
            }
        }
        Map<String, double[]> perStep = new HashMap<>();
        ops.forEach((k, v) -> perStep.put(k, new double[] {v[0] / steps, v[1] / 1e3 / steps}));
        return new StepProfile(wallMs, inOps / 1e3 / steps, outermost / steps, perStep);
    }

    private static void close(Deque<double[]> open, Deque<String> names,
            Deque<Boolean> insideAten, Map<String, double[]> ops) {
        double[] o = open.pop();
        double[] acc = ops.computeIfAbsent(names.pop(), k -> new double[2]);
        insideAten.pop();
        acc[0]++;
        acc[1] += Math.max(0, o[2] - o[1]);
    }

    /** The two profiles side by side: totals, then the {@code top} operators by self time. */
    static void print(String label, StepProfile h, StepProfile t, int top, PrintWriter out) {
        out.printf(Locale.ROOT, "%n%s, per step                      harness      torch%n", label);
        out.printf(Locale.ROOT, "  step ms (unprofiled median)     %9.2f  %9.2f%n", h.wallMs,
                t.wallMs);
        out.printf(Locale.ROOT, "  inside operators ms (profiled)  %9.2f  %9.2f%n", h.inOpsMs,
                t.inOpsMs);
        out.printf(Locale.ROOT, "  outside operators ms (the rest) %9.2f  %9.2f%n",
                h.wallMs - h.inOpsMs, t.wallMs - t.inOpsMs);
        out.printf(Locale.ROOT, "  outermost operators             %9d  %9d%n", h.outermostOps,
                t.outermostOps);
        TreeSet<String> names = new TreeSet<>(Comparator.comparingDouble((String n) ->
                -Math.max(self(h, n), self(t, n))).thenComparing(n -> n));
        names.addAll(h.ops.keySet());
        names.addAll(t.ops.keySet());
        out.printf(Locale.ROOT, "  %-44s %8s %8s %9s %9s%n", "operator (top " + top
                + " by self time)", "h calls", "t calls", "h self ms", "t self ms");
        int shown = 0;
        for (String n : names) {
            if (shown++ == top) {
                break;
            }
            out.printf(Locale.ROOT, "  %-44s %8.1f %8.1f %9.3f %9.3f%n", shorten(n), calls(h, n),
                    calls(t, n), self(h, n), self(t, n));
        }
    }

    private static double self(StepProfile p, String n) {
        double[] v = p.ops.get(n);
        return v == null ? 0 : v[1];
    }

    private static double calls(StepProfile p, String n) {
        double[] v = p.ops.get(n);
        return v == null ? 0 : v[0];
    }

    private static String shorten(String n) {
        return n.length() <= 44 ? n : n.substring(0, 41) + "...";
    }
}
