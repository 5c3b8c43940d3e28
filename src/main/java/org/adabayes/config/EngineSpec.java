package org.adabayes.config;

/**
 * How the engine computes a run, as opposed to what it computes: settings that change speed or
 * the last bits of the numbers, and so belong to a run's identity. Every field left out, or set
 * to its default, is held as null, and a section that sets nothing is dropped from the resolved
 * config, so runs made before a field existed keep their identity, and writing a default out
 * does not make a run new.
 *
 * <p>The defaults are the reference code's (the AdaBound CIFAR demo the paper's runs come from,
 * PyTorch 0.4-1.x on pre-Ampere GPUs): cuDNN's autotuner on, as it sets {@code
 * cudnn.benchmark = True}; nondeterministic algorithms allowed, as it never asks for
 * determinism; TF32 off, since those GPUs had none and float32 meant float32 (PyTorch since 1.7
 * lets cuDNN convolutions round their inputs to TF32's 10-bit mantissa on Ampere and later,
 * which moves a float32 step by ~1e-3 relative, far outside what the CPU parity and {@code
 * adabayes doctor} accept). None of them changes anything on a CPU. Thread counts are not here:
 * they change speed, not what a run is, and a resumed run may get a different node.
 *
 * @param precision float32 (default) or float64 ({@link Precision})
 * @param cudnnBenchmark let cuDNN time its convolution algorithms per shape and keep the fastest
 *     (default true); the choice may differ between processes, so two GPU runs of one config may
 *     part in the last bits
 * @param deterministic ask libtorch for deterministic algorithms only (default false): GPU runs
 *     repeat bit for bit, some kernels are slower, and an operation without a deterministic
 *     kernel fails with libtorch's message; cuBLAS gets the workspace setting it needs
 * @param tf32 let cuBLAS matmuls and cuDNN convolutions use TF32 on Ampere and later GPUs
 *     (default false)
 */
public record EngineSpec(Precision precision, Boolean cudnnBenchmark, Boolean deterministic,
        Boolean tf32) {
    public static final boolean CUDNN_BENCHMARK = true;
    public static final boolean DETERMINISTIC = false;
    public static final boolean TF32 = false;

    public EngineSpec {
        precision = precision == Precision.FLOAT32 ? null : precision;
        cudnnBenchmark = cudnnBenchmark == null || cudnnBenchmark == CUDNN_BENCHMARK ? null
                : cudnnBenchmark;
        deterministic = deterministic == null || deterministic == DETERMINISTIC ? null
                : deterministic;
        tf32 = tf32 == null || tf32 == TF32 ? null : tf32;
    }

    /** Every setting at its default. */
    public static EngineSpec defaults() {
        return new EngineSpec(null, null, null, null);
    }

    /** The precision this section asks for, float32 when it does not say. */
    public Precision precisionOrDefault() {
        return precision == null ? Precision.FLOAT32 : precision;
    }

    public boolean cudnnBenchmarkOrDefault() {
        return cudnnBenchmark == null ? CUDNN_BENCHMARK : cudnnBenchmark;
    }

    public boolean deterministicOrDefault() {
        return deterministic == null ? DETERMINISTIC : deterministic;
    }

    public boolean tf32OrDefault() {
        return tf32 == null ? TF32 : tf32;
    }

    /** Whether every field takes its default (the section is then left out of the config). */
    public boolean allDefaults() {
        return precision == null && cudnnBenchmark == null && deterministic == null
                && tf32 == null;
    }
}
