package org.adabayes.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.adabayes.TorchOracle;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The networks' state_dict against the PyTorch reference's: the same keys in the same order with
 * the same shapes, and PyTorch's default initialisation in distribution, tensor by tensor.
 */
class StateDictTest {
    @TempDir
    Path tmp;

    static final ObjectMapper JSON = new ObjectMapper();

    static ModelSpec spec(String name, Double width) {
        return name.startsWith("densenet") ? new ModelSpec(name, null, null, null)
                : new ModelSpec(name, width, null, null);
    }

    static String refSpec(String name, Double width, int channels, int classes) {
        return "{\"name\": \"" + name + "\"" + (width == null ? "" : ", \"width\": " + width)
                + ", \"channels\": " + channels + ", \"classes\": " + classes + "}";
    }

    @ParameterizedTest
    @CsvSource({"resnet34,1.0,3,10", "resnet18,0.125,1,10", "resnet18,0.3,3,100",
        "densenet121,,3,100"})
    void keysAndShapesAreTheReferences(String name, Double width, int channels, int classes)
            throws IOException {
        TorchOracle.require();
        String out = TorchOracle.reference("keys", refSpec(name, width, channels, classes));
        assertTrue(out.startsWith("0:"), out);
        JsonNode keys = JSON.readTree(out.substring(2));
        List<String> expected = new ArrayList<>();
        List<String> got = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            TorchNet net = Models.create(spec(name, width), channels, classes, m, 1);
            for (JsonNode k : keys) {
                expected.add(k.get(0).asText() + " " + k.get(1));
            }
            for (Map.Entry<String, Parameter> e : net.stateDict().entrySet()) {
                got.add(e.getKey() + " " + JSON.valueToTree(e.getValue().getArray().getShape()
                        .getShape()));
                if (e.getKey().endsWith(".running_var")) {
                    String bn = e.getKey().substring(0, e.getKey().length() - 12);
                    got.add(bn + ".num_batches_tracked []");
                }
            }
        }
        assertEquals(expected, got);
    }

    /**
     * Per tensor, the harness's initial values against a fresh PyTorch model's: both uniform on
     * +-1/sqrt(fan_in) (never beyond it, and reaching within 1% of it where there are 1000
     * values), means and standard deviations within sampling error of each other (5 standard
     * errors), BatchNorm's constants exact.
     */
    @ParameterizedTest
    @CsvSource({"resnet34,1.0", "resnet18,0.125", "densenet121,"})
    void initialisationIsPyTorchsInDistribution(String name, Double width) throws IOException {
        TorchOracle.require();
        Path stats = tmp.resolve("stats.json");
        String out = TorchOracle.reference("init-stats", refSpec(name, width, 3, 10), "--seed",
                "0", "--out", stats.toString());
        assertTrue(out.startsWith("0:"), out);
        JsonNode ref = JSON.readTree(Files.readString(stats)).get("keys");
        try (NDManager m = NDManager.newBaseManager()) {
            TorchNet net = Models.create(spec(name, width), 3, 10, m, 7);
            for (Map.Entry<String, Parameter> e : net.stateDict().entrySet()) {
                double[] v = e.getValue().getArray().toType(ai.djl.ndarray.types.DataType
                        .FLOAT64, false).toDoubleArray();
                JsonNode r = ref.get(e.getKey());
                String key = e.getKey();
                double mean = 0;
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (double x : v) {
                    mean += x / v.length;
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
                double var = 0;
                for (double x : v) {
                    var += (x - mean) * (x - mean) / v.length;
                }
                double std = Math.sqrt(var);
                double refStd = r.get("std").asDouble();
                if (refStd == 0) {
                    assertEquals(r.get("min").asDouble(), min, 0, key);
                    assertEquals(r.get("max").asDouble(), max, 0, key);
                    continue;
                }
                // U(-b, b) with b = 1/sqrt(fan_in); a bias takes its layer's weight's fan_in
                String layer = key.substring(0, key.lastIndexOf('.'));
                long[] w = net.stateDict().get(layer + ".weight").getArray().getShape()
                        .getShape();
                long fan = 1;
                for (int i = 1; i < w.length; i++) {
                    fan *= w[i];
                }
                double bound = 1 / Math.sqrt(fan);
                double refMax = Math.max(-r.get("min").asDouble(), r.get("max").asDouble());
                double mine = Math.max(-min, max);
                assertTrue(mine <= bound && refMax <= bound * (1 + 1e-6), key + " bounds "
                        + mine + " / " + refMax + " vs " + bound);
                if (v.length >= 1000) {
                    assertTrue(mine > 0.99 * bound && refMax > 0.99 * bound, key + " bound");
                }
                double se = bound / Math.sqrt(3 * v.length);
                assertEquals(r.get("mean").asDouble(), mean, 5 * Math.sqrt(2) * se, key + " mean");
                assertEquals(refStd, std, 5 * std / Math.sqrt(v.length) + 1e-12, key + " std");
            }
        }
    }
}
