package org.adabayes.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.adabayes.config.EngineSpec;
import org.adabayes.config.Precision;
import org.junit.jupiter.api.Test;

/**
 * The engine settings reach libtorch: each is read back from libtorch's global context after it
 * is set (the calls go to C++ symbols, so a wrong symbol or argument shows here), and the
 * defaults are put back.
 */
class EngineSettingsTest {
    @Test
    void settingsAreWhatLibtorchHoldsAfterward() {
        try {
            EngineSettings.apply(new EngineSpec(Precision.FLOAT32, false, true, true));
            Map<String, String> now = EngineSettings.current();
            assertEquals("false", now.get("cudnnBenchmark"), now.toString());
            assertEquals("true", now.get("deterministic"), now.toString());
            assertEquals("true", now.get("cudnnDeterministic"), now.toString());
            assertEquals("true", now.get("tf32Matmul"), now.toString());
            assertEquals("true", now.get("tf32Cudnn"), now.toString());
        } finally {
            EngineSettings.apply(EngineSpec.defaults());
        }
        Map<String, String> back = EngineSettings.current();
        assertEquals("true", back.get("cudnnBenchmark"), back.toString());
        assertEquals("false", back.get("deterministic"), back.toString());
        assertEquals("false", back.get("tf32Matmul"), back.toString());
        assertEquals("false", back.get("tf32Cudnn"), back.toString());
    }

    @Test
    void theAllocatorIsNamedFromThePreload() {
        assertEquals("jemalloc (/usr/lib/x86_64-linux-gnu/libjemalloc.so.2)", Allocator.describe(
                "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", null));
        assertEquals("tcmalloc (/x/libtcmalloc_minimal.so.4)", Allocator.describe(
                "/a/libfoo.so:/x/libtcmalloc_minimal.so.4", "glibc.malloc.trim_threshold=1"));
        assertEquals("glibc malloc (GLIBC_TUNABLES=glibc.malloc.trim_threshold=1)",
                Allocator.describe(null, "glibc.malloc.trim_threshold=1"));
        assertEquals("glibc malloc", Allocator.describe("", null));
    }
}
