package org.adabayes.config;

import org.adabayes.data.DataSpec;
import org.adabayes.io.FieldException;
import org.adabayes.model.ModelSpec;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.optim.OptimizerOptions;

/**
 * One training run, fully resolved: every default is the paper's protocol and every optimizer
 * hyper-parameter is filled in for this model and batch size, so the config written into a run
 * directory says exactly what ran.
 *
 * @param model the network
 * @param dataset the data
 * @param optimizer the optimizer and its hyper-parameters
 * @param schedule epochs and learning-rate decay
 * @param batchSize training minibatch (128)
 * @param testBatchSize evaluation minibatch (100)
 * @param seed seeds initialisation, shuffling and augmentation
 * @param device auto | cpu | gpu
 * @param diagnostics optional Fig. 3 learning-rate trace
 * @param engine how the engine computes (precision, GPU kernels' settings); null when every
 *     setting is the default
 */
public record RunConfig(ModelSpec model, DataSpec dataset, OptimizerOptions optimizer,
        ScheduleSpec schedule, Integer batchSize, Integer testBatchSize, Long seed,
        DeviceChoice device, DiagnosticsSpec diagnostics, EngineSpec engine) {

    public RunConfig {
        model = model == null ? new ModelSpec(null, null, null, null) : model;
        dataset = dataset == null ? new DataSpec(null, null, null, null, null, null) : dataset;
        schedule = schedule == null ? new ScheduleSpec(null, null, null) : schedule;
        batchSize = batchSize == null ? 128 : batchSize;
        testBatchSize = testBatchSize == null ? 100 : testBatchSize;
        seed = seed == null ? 1L : seed;
        device = device == null ? DeviceChoice.AUTO : device;
        diagnostics = diagnostics == null ? DiagnosticsSpec.off() : diagnostics;
        engine = engine == null || engine.allDefaults() ? null : engine;
        FieldException.require(batchSize > 0, "batchSize", "must be positive, got " + batchSize);
        FieldException.require(testBatchSize > 0, "testBatchSize",
                "must be positive, got " + testBatchSize);
        OptimizerOptions o = optimizer == null ? OptimizerKind.ADABAYES.defaults() : optimizer;
        optimizer = o.resolve(model.paperNetwork(), batchSize);
    }

    /** The engine settings, every one at its default where the config does not set it. */
    public EngineSpec engineSettings() {
        return engine == null ? EngineSpec.defaults() : engine;
    }

    /** The run's floating-point type. */
    public Precision precision() {
        return engine == null ? Precision.FLOAT32 : engine.precisionOrDefault();
    }
}
