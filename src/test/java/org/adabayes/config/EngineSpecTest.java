package org.adabayes.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine section keeps identities: a setting written at its default is the setting left
 * out (the same canonical JSON, the same hash), and only a setting that differs from its default
 * makes a different run.
 */
class EngineSpecTest {
    @TempDir
    Path tmp;

    private RunConfig load(String engine) throws IOException {
        Path f = tmp.resolve("c" + Math.abs(engine.hashCode()) + ".yaml");
        Files.writeString(f, "model: {name: resnet18, width: 0.125}\noptimizer: {name: sgd}\n"
                + engine);
        return ConfigLoader.load(f, List.of());
    }

    @Test
    void defaultsWrittenOutAreDefaultsLeftOut() throws IOException {
        RunConfig plain = load("");
        RunConfig spelled = load("engine: {precision: float32, cudnnBenchmark: true, "
                + "deterministic: false, tf32: false}\n");
        assertNull(spelled.engine());
        assertEquals(ConfigCodec.hash(plain), ConfigCodec.hash(spelled));
        assertEquals(ConfigCodec.toYaml(plain), ConfigCodec.toYaml(spelled));
    }

    @Test
    void eachSettingOffItsDefaultIsAnotherRun() throws IOException {
        RunConfig plain = load("");
        for (String e : List.of("{precision: float64}", "{cudnnBenchmark: false}",
                "{deterministic: true}", "{tf32: true}")) {
            RunConfig c = load("engine: " + e + "\n");
            assertNotEquals(ConfigCodec.hash(plain), ConfigCodec.hash(c), e);
            assertTrue(ConfigCodec.toYaml(c).contains("engine:"), ConfigCodec.toYaml(c));
            RunConfig back = ConfigCodec.parseYaml(ConfigCodec.toYaml(c), "config.yaml");
            assertEquals(c, back, e);
        }
        EngineSpec s = load("engine: {cudnnBenchmark: false, tf32: true}\n").engineSettings();
        assertEquals(false, s.cudnnBenchmarkOrDefault());
        assertEquals(true, s.tf32OrDefault());
        assertEquals(false, s.deterministicOrDefault());
        assertEquals(Precision.FLOAT32, s.precisionOrDefault());
    }
}
