package org.adabayes.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the libtorch operations a piece of work dispatches, with libtorch's own profiler through
 * DJL ({@code JniUtils.startProfile}): the top-level ops of its trace, those no other op encloses,
 * i.e. the calls that cross from Java into libtorch's dispatcher. On a GPU each such call is at
 * least one kernel launch and several microseconds of host time, so this count, not the CPU time,
 * says what an optimizer step costs a GPU's host; it is the same on any device, so it is measured
 * here.
 */
public final class NativeCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Work to count. */
    @FunctionalInterface
    public interface Work {
        void run() throws IOException;
    }

    private NativeCalls() {}

    /**
     * What a piece of work dispatches: {@code calls}, the top-level events (the calls from Java
     * into libtorch), and {@code ops}, the outermost libtorch operators ({@code aten::*} events no
     * other operator encloses: inside a TorchScript call, the operators the script runs; on a GPU
     * each is at least one kernel launch, a foreach operator a few).
     */
    public record Count(int calls, int ops) {}

    /** The top-level libtorch ops {@code work} dispatches (nothing else may run meanwhile). */
    public static int count(Work work) throws IOException {
        return measure(work).calls();
    }

    /** The calls and operators {@code work} dispatches (nothing else may run meanwhile). */
    public static Count measure(Work work) throws IOException {
        Path trace = Files.createTempFile("adabayes-trace", ".json");
        try {
            JniUtils.startProfile(false, false, false);
            try {
                work.run();
            } finally {
                JniUtils.stopProfile(trace.toString());
            }
            JsonNode events = JSON.readTree(trace.toFile());
            return new Count(topLevel(events), outermost(events, "aten::"));
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    /** Events of a Chrome trace that no earlier, longer event of the same thread encloses. */
    static int topLevel(JsonNode trace) {
        return outermost(trace, "");
    }

    /**
     * Events named with {@code prefix} that no earlier, longer such event of the same thread
     * encloses.
     */
    static int outermost(JsonNode trace, String prefix) {
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode e : trace) {
            if ("X".equals(e.path("ph").asText()) && e.path("name").asText().startsWith(prefix)) {
                events.add(e);
            }
        }
        events.sort(Comparator.comparing((JsonNode e) -> e.path("tid").asText())
                .thenComparingDouble(e -> e.path("ts").asDouble())
                .thenComparingDouble(e -> -e.path("dur").asDouble()));
        Map<String, Double> openUntil = new HashMap<>();
        int top = 0;
        for (JsonNode e : events) {
            String tid = e.path("tid").asText();
            double ts = e.path("ts").asDouble();
            if (ts < openUntil.getOrDefault(tid, Double.NEGATIVE_INFINITY) - 1e-6) {
                continue;
            }
            top++;
            openUntil.put(tid, ts + e.path("dur").asDouble());
        }
        return top;
    }
}
