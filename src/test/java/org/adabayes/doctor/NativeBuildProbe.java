package org.adabayes.doctor;

import java.util.List;
import org.adabayes.engine.NativeBuild;

/** The kernel-list rule of {@link NativeBuild} for DJL 0.32's CUDA builds, as a test sees it. */
final class NativeBuildProbe {
    private NativeBuildProbe() {}

    static boolean hasKernels(String cc) {
        return new NativeBuild("cu124", "2.5.1", "test", "/", "", "", List.of("5.0", "6.0", "7.0",
                "7.5", "8.0", "8.6", "9.0")).hasKernelsFor(cc);
    }
}
