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

    /** The top-level libtorch ops {@code work} dispatches (nothing else may run meanwhile). */
    public static int count(Work work) throws IOException {
        Path trace = Files.createTempFile("adabayes-trace", ".json");
        try {
            JniUtils.startProfile(false, false, false);
            try {
                work.run();
            } finally {
                JniUtils.stopProfile(trace.toString());
            }
            return topLevel(JSON.readTree(trace.toFile()));
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    /** Events of a Chrome trace that no earlier, longer event of the same thread encloses. */
    static int topLevel(JsonNode trace) {
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode e : trace) {
            if ("X".equals(e.path("ph").asText())) {
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
