package org.adabayes.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.adabayes.engine.Gpus;
import org.adabayes.optim.OptimizerKind;
import org.junit.jupiter.api.Test;

/**
 * The doctor's GPU branches, run with a stand-in GPU (facts of the test's choosing, its arrays
 * on the CPU): the report's GPU line, the kernel check, the float64 and float32 comparisons and
 * the call count of the form a GPU takes, the memory high-water mark; and the report's reading
 * back and the comparison's bounds.
 */
class DoctorTest {
    @Test
    void aStandInGpuGoesThroughEveryGpuBranch() {
        AtomicLong used = new AtomicLong(1L << 30);
        Target gpu = new Target("gpu:0", Device.cpu(), new Gpus.Gpu(0, "Stand-in H100",
                80L << 30, "9.0"), () -> used.addAndGet(1L << 20));
        StringWriter text = new StringWriter();
        List<Check> checks = Doctor.run(new Doctor.Options(false, 1, null,
                List.of(OptimizerKind.ADAM)), List.of(gpu), new PrintWriter(text));
        String out = text.toString();
        assertTrue(out.contains("\ngpu:0       Stand-in H100, 80.0 GiB, compute capability 9.0, "
                + "kernels for it in this build: "), out);
        DoctorReport.Parsed p = DoctorReport.parse(out);
        assertEquals(checks, p.checks());
        assertEquals(Boolean.TRUE, p.passed(), out);
        assertEquals(List.of("float64 adam cpu", "float32 adam cpu", "calls adam cpu",
                "throughput cpu", "kernels gpu:0", "float64 adam gpu:0", "float32 adam gpu:0",
                "calls adam gpu:0", "throughput gpu:0"), checks.stream().map(Check::name)
                .toList());
        // the GPU's form: float32 through the multi-tensor module, counted there
        String calls = checks.get(7).detail();
        assertTrue(calls.startsWith("float32: 1 native call(s), 1 of them multi-tensor"), calls);
        assertTrue(checks.get(6).detail().contains("multi-tensor"), checks.get(6).detail());
        assertTrue(checks.get(8).detail().matches(".*memory in use at most 1\\.0\\d GiB of "
                + "80\\.0$"), checks.get(8).detail());
    }

    @Test
    void aGpuTheBuildHasNoKernelsForIsNamed() {
        assertTrue(NativeBuildProbe.hasKernels("9.0"));
        assertTrue(NativeBuildProbe.hasKernels("8.9"));
        assertTrue(NativeBuildProbe.hasKernels("7.5"));
        assertEquals(false, NativeBuildProbe.hasKernels("12.0"));
        assertEquals(false, NativeBuildProbe.hasKernels("10.0"));
        assertEquals(false, NativeBuildProbe.hasKernels("3.7"));
    }

    @Test
    void comparisonsFailOutsideTheirBound() {
        double[] ref = {2.0, 1.5, 1.25};
        assertTrue(Doctor.compare(ref, new double[] {2.0, 1.5 + 1e-12, 1.25}, 1e-9, 3)
                .contains("at step 2"));
        Doctor.Failed f = assertThrows(Doctor.Failed.class,
                () -> Doctor.compare(ref, new double[] {2.0, 1.5, 1.25 + 1e-8}, 1e-9, 3));
        assertTrue(f.getMessage().contains("at step 3, difference 8.0e-09 (bound 1e-09)"),
                f.getMessage());
        assertThrows(Doctor.Failed.class,
                () -> Doctor.compare(ref, new double[] {Double.NaN, 1.5, 1.25}, 1e-9, 3));
    }

    @Test
    void aReportCutShortHasNoVerdict() {
        DoctorReport.Parsed p = DoctorReport.parse("engine      PyTorch 2.5.1\nPASS float64 sgd "
                + "cpu: loss 1 vs 1\nFAIL calls sgd cpu: 3 native call(s): a: b\n");
        assertNull(p.passed());
        assertEquals(List.of("calls sgd cpu"), p.failed());
        assertEquals("3 native call(s): a: b", p.checks().get(1).detail());
        assertEquals("verdict: FAIL: calls sgd cpu", DoctorReport.verdict(p.checks()));
    }
}
