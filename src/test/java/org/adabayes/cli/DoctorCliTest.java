package org.adabayes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.adabayes.doctor.DoctorReport;
import org.junit.jupiter.api.Test;

/**
 * {@code adabayes doctor} on this CPU, end to end through the command line: the report, every
 * check passing and exit 0; then with a fault injected into one path, exit 1 and the verdict
 * naming exactly the checks of that path. Two optimizers keep it short (the full registry is the
 * command's default).
 */
class DoctorCliTest {
    @Test
    void theCpuPassesAndSaysWhatItIs() {
        CliTest.Result r = CliTest.run("doctor", "--optimizers", "sgd,adabayes", "--steps", "1");
        assertEquals(0, r.code(), r.out() + r.err());
        for (String fact : List.of("engine      PyTorch ", "CUDA        none (CPU build)",
                "GPUs        none visible: the CPU alone is checked", "oneDNN cap  ",
                "optimizer   cpu float32: fused", "settings    cudnnBenchmark=true "
                        + "deterministic=false", "allocator   ", "offline     ")) {
            assertTrue(r.out().contains("\n" + fact), fact + " in\n" + r.out());
        }
        DoctorReport.Parsed p = DoctorReport.parse(r.out());
        assertEquals(Boolean.TRUE, p.passed(), r.out());
        assertEquals(List.of("float64 sgd cpu", "float32 sgd cpu", "calls sgd cpu",
                "float64 adabayes cpu", "float32 adabayes cpu", "calls adabayes cpu",
                "throughput cpu"), p.checks().stream().map(c -> c.name()).toList());
        assertTrue(p.checks().get(2).detail().startsWith("float64: 1 native call(s), 1 of them "
                + "multi-tensor"), p.checks().get(2).detail());
        assertTrue(p.checks().get(6).detail().contains("images/s over 1 timed steps"),
                p.checks().get(6).detail());
    }

    @Test
    void aBrokenFloat64PathFailsItsChecksByName() {
        CliTest.Result r = CliTest.run("doctor", "--optimizers", "sgd", "--steps", "1",
                "--inject-fault", "float64");
        assertEquals(1, r.code(), r.out() + r.err());
        DoctorReport.Parsed p = DoctorReport.parse(r.out());
        assertEquals(Boolean.FALSE, p.passed());
        assertEquals(List.of("float64 sgd cpu"), p.failed(), r.out());
        assertTrue(r.out().contains("\nverdict: FAIL: float64 sgd cpu\n"), r.out());
    }

    @Test
    void aStepThatLeavesTheMultiTensorPathFailsTheCallCount() {
        CliTest.Result r = CliTest.run("doctor", "--optimizers", "adam", "--steps", "1",
                "--inject-fault", "per-tensor");
        assertEquals(1, r.code(), r.out() + r.err());
        DoctorReport.Parsed p = DoctorReport.parse(r.out());
        assertEquals(List.of("calls adam cpu"), p.failed(), r.out());
        String detail = p.checks().stream().filter(c -> !c.passed()).findFirst().orElseThrow()
                .detail();
        assertTrue(detail.contains("0 of them multi-tensor") && detail.contains("per tensor"),
                detail);
        assertFalse(detail.startsWith("float64: 1 native call(s)"), detail);
        assertNotNull(p.passed());
    }
}
