package org.adabayes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.adabayes.doctor.DoctorReport;
import org.junit.jupiter.api.Test;

/**
 * Nothing falls back silently: with the multi-tensor module unloadable (the property names a
 * resource that is not there) the process warns once on stderr, naming the per-tensor form that
 * runs instead, and the doctor reports it and fails the call count.
 */
class FallbackTest {
    @Test
    void aMissingMultiTensorModuleIsSaidOnceAndFailsTheDoctor() throws IOException,
            InterruptedException {
        ProcessBuilder pb = TestLauncher.bash("1g", Path.of("bin/adabayes").toString(), "doctor",
                "--optimizers", "sgd", "--steps", "1");
        pb.environment().put("ADABAYES_JAVA_OPTS",
                "-Xmx1g -Dadabayes.multitensor.module=missing.pt");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), out + err);
        String warning = "adabayes: warning: missing.pt is not on the classpath";
        assertEquals(1, err.split(java.util.regex.Pattern.quote(warning), -1).length - 1, err);
        assertTrue(err.contains("take the per-tensor NDArray form"), err);
        assertTrue(out.contains("cpu float64 and gpu: per-tensor (missing.pt is not on the "
                + "classpath"), out);
        assertEquals(List.of("calls sgd cpu"), DoctorReport.parse(out).failed(), out);
    }
}
