package org.adabayes.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile reduction behind the side-by-side profiles: self time is an event's duration less
 * its direct children's, only the outermost {@code aten::} events count as time inside operators
 * (an autograd node around them does not), and everything is per step.
 */
class StepProfileTest {
    @TempDir
    Path tmp;

    @Test
    void selfTimesAndOutermostOperatorsPerStep() throws IOException {
        String trace = "{\"traceEvents\": ["
                + ev("aten::conv2d", 0, 100, 1) + "," + ev("aten::mkldnn_convolution", 10, 80, 1)
                + "," + ev("aten::empty", 12, 5, 1) + ","
                + ev("autograd::engine::evaluate_function: X", 200, 50, 1) + ","
                + ev("aten::convolution_backward", 205, 40, 1) + ","
                + ev("aten::add_", 300, 10, 2) + ","
                + "{\"name\": \"meta\", \"ph\": \"M\", \"ts\": 0, \"tid\": 1}]}";
        Path f = tmp.resolve("trace.json");
        Files.writeString(f, trace);
        StepProfile p = StepProfile.read(f, 2, 1.0);
        // outermost aten events: conv2d (100), convolution_backward (40), add_ (10); over 2 steps
        assertEquals(150 / 1e3 / 2, p.inOpsMs(), 1e-12);
        assertEquals(3 / 2, p.outermostOps());
        assertArrayEquals(new double[] {0.5, 20 / 1e3 / 2}, p.ops().get("aten::conv2d"), 1e-12);
        assertArrayEquals(new double[] {0.5, 75 / 1e3 / 2},
                p.ops().get("aten::mkldnn_convolution"), 1e-12);
        assertArrayEquals(new double[] {0.5, 10 / 1e3 / 2},
                p.ops().get("autograd::engine::evaluate_function: X"), 1e-12);
        assertEquals(1.0 - 0.075, p.wallMs() - p.inOpsMs(), 1e-12);
    }

    private static String ev(String name, double ts, double dur, int tid) {
        return "{\"name\": \"" + name + "\", \"ph\": \"X\", \"ts\": " + ts + ", \"dur\": " + dur
                + ", \"tid\": " + tid + "}";
    }
}
