package org.adabayes.parity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.adabayes.Fixtures;
import org.adabayes.TorchOracle;
import org.adabayes.config.RunConfig;
import org.adabayes.optim.OptimizerKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer of the registry, on a 1/16-width ResNet-18 and a four-block DenseNet, against the
 * PyTorch reference in float64: 20 steps of 32 images, the first 16 at schedule factor 1 and the
 * last 4 at 0.1 (an epoch is 8 batches, the decay at epoch 2), within ParityCheck's tolerances
 * (per-step loss 1e-8, weights 1e-6 of the distance moved, BatchNorm buffers and eval logits
 * 1e-8).
 */
class ParityTest {
    @TempDir
    Path tmp;

    static final String DENSENET = "model={name: densenet121, growth: 4, blocks: [1, 1, 1, 1]}";

    static Stream<Arguments> cases() {
        // AdaBayes-KF's float64 reference is slow (Debian's PyTorch multiplies float64 matrices
        // at ~1 GFLOP/s here): it has its own, shorter cases below
        return Arrays.stream(OptimizerKind.values())
                .filter(k -> k != OptimizerKind.ADABAYES_KF).flatMap(k -> Stream.of(
                Arguments.of(k, "model.width=0.0625"), Arguments.of(k, DENSENET)));
    }

    boolean parity(OptimizerKind kind, String model, DataType precision, int steps,
            StringWriter log) throws IOException {
        RunConfig cfg = Fixtures.tinyRun(tmp, kind.id(), 4, model, "batchSize=32");
        return Parity.run(cfg, new Parity.Options(steps, precision, tmp.resolve("parity"),
                ParityReference.python()), new PrintWriter(log, true));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void float64StepsMatchPyTorch(OptimizerKind kind, String model) throws IOException {
        TorchOracle.require();
        StringWriter log = new StringWriter();
        assertTrue(parity(kind, model, DataType.FLOAT64, 20, log), log.toString());
        assertTrue(log.toString().contains("schedule factors [1.0, 0.1"), log.toString());
    }

    static Stream<Arguments> variants() {
        String resnet = "model.width=0.0625";
        return Stream.of(Arguments.of("{name: adam, centred: true}", resnet),
                Arguments.of("{name: adamw, nawd: true, centred: true}", resnet),
                Arguments.of("{name: adabayes, nawd: false, centred: true}", resnet),
                Arguments.of("{name: adabayes-fp, nawd: false, centred: true}", resnet),
                Arguments.of("{name: adabayes-kf, refreshEvery: 4}", resnet),
                Arguments.of("{name: adabayes-kf, nawd: false, refreshEvery: 3}", DENSENET));
    }

    /**
     * The 2018 paper's variants and AdaBayes-KF (eigendecompositions refreshed within the run)
     * against the reference's versions, 12 steps in float64, the schedule drop at step 9.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void float64VariantsMatchPyTorch(String optimizer, String model) throws IOException {
        TorchOracle.require();
        RunConfig cfg = Fixtures.tinyRun(tmp, "adam", 4, model, "batchSize=32",
                "schedule.decayEpochs=[1]", "optimizer=" + optimizer);
        StringWriter log = new StringWriter();
        assertTrue(Parity.run(cfg, new Parity.Options(12, DataType.FLOAT64,
                tmp.resolve("parity"), ParityReference.python()), new PrintWriter(log, true)),
                log.toString());
    }

    /** float32: the first two steps' losses within 1e-5 (later steps are chaotic). */
    @Test
    void float32FirstStepsMatchPyTorch() throws IOException {
        TorchOracle.require();
        for (String model : new String[] {"model.width=0.125", DENSENET}) {
            StringWriter log = new StringWriter();
            assertTrue(parity(OptimizerKind.ADABAYES, model, DataType.FLOAT32, 2, log),
                    log.toString());
        }
    }
}
