package org.adabayes.engine;

/**
 * Which malloc serves libtorch's host memory: glibc's, or a jemalloc or tcmalloc that {@code
 * bin/adabayes} preloads ({@code ADABAYES_MALLOC}). It changes a CPU step's speed (a step
 * allocates and frees hundreds of tensors), never its numbers; the manifest and {@code --version}
 * record it so that timings from two machines can be compared.
 */
public final class Allocator {
    private Allocator() {}

    /** The allocator in words, e.g. {@code jemalloc (/usr/lib/.../libjemalloc.so.2)}. */
    public static String describe() {
        return describe(System.getenv("LD_PRELOAD"), System.getenv("GLIBC_TUNABLES"));
    }

    static String describe(String preload, String tunables) {
        if (preload != null) {
            for (String lib : preload.split("[: ]")) {
                if (lib.contains("jemalloc")) {
                    return "jemalloc (" + lib + ")";
                }
                if (lib.contains("tcmalloc")) {
                    return "tcmalloc (" + lib + ")";
                }
            }
        }
        return "glibc malloc" + (tunables == null || tunables.isBlank() ? ""
                : " (GLIBC_TUNABLES=" + tunables + ")");
    }
}
