package org.adabayes.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.adabayes.config.Precision;
import org.adabayes.config.RunConfig;
import org.adabayes.data.Splits;
import org.adabayes.engine.Allocator;
import org.adabayes.engine.EngineSettings;
import org.adabayes.engine.OneDnnIsa;
import org.adabayes.model.Models;
import org.adabayes.model.TorchNet;
import org.adabayes.optim.StatefulOptimizer;

/**
 * The parts of a run, put together in one place from a config, a manager (its device) and a
 * precision: the oneDNN cap its network needs, the seeded network, the optimizer with its
 * hyper-parameters, the training step, and, when there is data, the batch stream and the
 * evaluation. {@code train}, both parity modes, {@code export} and the benchmarks ask for their
 * parts here, so what parity or a benchmark measures is what a run trains.
 */
public final class RunParts implements AutoCloseable {
    private final TorchNet net;
    private final StatefulOptimizer optimizer;
    private final TrainStep step;
    private final BatchStream stream;
    private final Evaluation evaluation;
    private final DataType dtype;

    private RunParts(TorchNet net, StatefulOptimizer optimizer, TrainStep step,
            BatchStream stream, Evaluation evaluation, DataType dtype) {
        this.net = net;
        this.optimizer = optimizer;
        this.step = step;
        this.stream = stream;
        this.evaluation = evaluation;
        this.dtype = dtype;
    }

    /** The run's own precision as an engine data type. */
    public static DataType dataType(Precision p) {
        return p == Precision.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
    }

    /**
     * The parts for {@code data} (its images give the network's input and classes).
     *
     * @param recorder sees every training batch (parity), or null
     * @param log where the oneDNN notice goes, or null
     */
    public static RunParts assemble(RunConfig cfg, Splits data, NDManager manager,
            DataType dtype, BatchStream.Recorder recorder, PrintStream log) {
        var train = data.train();
        RunParts p = assemble(cfg, new Shape(train.channels(), train.height(), train.width()),
                train.numClasses(), manager, dtype, log);
        BatchStream stream = new BatchStream(cfg, data, recorder);
        return new RunParts(p.net, p.optimizer, p.step, stream,
                new Evaluation(stream, manager), dtype);
    }

    /**
     * The parts without data (a checkpoint's export, a benchmark on generated batches): the
     * network for {@code channels} x 32 x 32 images and {@code classes} classes.
     */
    public static RunParts assemble(RunConfig cfg, int channels, int classes, NDManager manager,
            DataType dtype, PrintStream log) {
        return assemble(cfg, new Shape(channels, 32, 32), classes, manager, dtype, log);
    }

    private static RunParts assemble(RunConfig cfg, Shape image, int classes,
            NDManager manager, DataType dtype, PrintStream log) {
        OneDnnIsa.apply(List.of(cfg.model()), log);
        EngineSettings.apply(cfg.engineSettings());
        TorchNet net = Models.create(cfg.model(), (int) image.get(0), classes, manager,
                cfg.seed(), dtype);
        StatefulOptimizer optimizer = cfg.optimizer().create(cfg.batchSize());
        TrainStep step = new TrainStep(manager, net, optimizer, image, dtype);
        return new RunParts(net, optimizer, step, null, null, dtype);
    }

    public TorchNet net() {
        return net;
    }

    public StatefulOptimizer optimizer() {
        return optimizer;
    }

    public TrainStep step() {
        return step;
    }

    /** The batch stream (null for parts assembled without data). */
    public BatchStream stream() {
        return stream;
    }

    /** The test-set evaluation (null for parts assembled without data). */
    public Evaluation evaluation() {
        return evaluation;
    }

    public DataType dataType() {
        return dtype;
    }

    /**
     * Every switch that changes this run's numbers or speed on {@code device}, as the manifest
     * records them: precision, the optimizer's form and the properties that choose it, the
     * oneDNN cap, libtorch's settings as it holds them, and the allocator.
     */
    public Map<String, String> numerics(Device device) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("precision", dtype == DataType.FLOAT64 ? "float64" : "float32");
        m.put("optimizerPath", optimizer.route(device.isGpu(), dtype).toString());
        m.put("adabayes.fused", System.getProperty("adabayes.fused", "unset"));
        m.put("adabayes.multitensor", System.getProperty("adabayes.multitensor", "unset"));
        String cap = OneDnnIsa.cap();
        m.put("onednnCap", cap == null ? "none" : cap);
        m.putAll(EngineSettings.current());
        m.put("allocator", Allocator.describe());
        return m;
    }

    /** Epochs of this run's batches (parts assembled with data). */
    public EpochRunner epochs(RunConfig cfg, int maxBatches, boolean quiet,
            PrintStream console) {
        return new EpochRunner(cfg, stream, evaluation, maxBatches, quiet, console);
    }

    /** Closes the optimizer's state (the network's arrays belong to the manager). */
    @Override
    public void close() {
        optimizer.close();
    }
}
