package org.adabayes.parity;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.adabayes.config.ConfigCodec;
import org.adabayes.config.RunConfig;
import org.adabayes.data.BatchAugmenter;
import org.adabayes.data.Datasets;
import org.adabayes.data.ImageSet;
import org.adabayes.data.Normalization;
import org.adabayes.data.Splits;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.Csv;
import org.adabayes.io.NpyArray;
import org.adabayes.io.Npz;
import org.adabayes.io.UserInputException;
import org.adabayes.model.StateDicts;
import org.adabayes.model.TorchNet;
import org.adabayes.optim.StatefulOptimizer;
import org.adabayes.train.BatchStream;
import org.adabayes.train.Prefetch;
import org.adabayes.train.RunParts;
import org.adabayes.train.TrainStep;

/**
 * {@code adabayes parity}: N training steps of a run exactly as {@code train} would take them
 * (seeded initialisation, the config's optimizer and hyper-parameters, the batches and
 * augmentation of epoch 0, 1, ..., the schedule factor), on the CPU in float64 or float32, written
 * out as NumPy files; then the project's PyTorch reference takes the same steps from the same
 * files and {@link ParityCheck} sets the two side by side. Only full batches are used: a partial
 * last batch of an epoch is skipped.
 */
public final class Parity {
    /**
     * How to run.
     *
     * @param steps training steps, at least 1
     * @param precision FLOAT64 (verification) or FLOAT32 (what training runs)
     * @param out where the files go
     * @param python the interpreter for the reference
     */
    public record Options(int steps, DataType precision, Path out, String python) {}

    private Parity() {}

    /** Runs both sides and prints the summary; returns whether every gated check held. */
    public static boolean run(RunConfig cfg, Options o, PrintWriter log) throws IOException {
        Path dir = prepareDirectory(o.out());
        ParityReference ref = ParityReference.prepare(o.python(), dir);
        Splits data = Datasets.load(cfg.dataset());
        ImageSet train = data.train();
        int bs = cfg.batchSize();
        int perEpoch = train.size() / bs;
        if (perEpoch == 0) {
            throw new UserInputException("parity: batchSize " + bs + " is larger than the "
                    + train.size() + " training images");
        }
        double[] factors = new double[o.steps()];
        int size = bs * train.imageSize();
        double[] xs = new double[o.steps() * size];
        long[] ys = new long[o.steps() * bs];
        // the reference is handed exactly what each step was fed, as the stream made it
        BatchStream.Recorder fed = (epoch, order, from, n, draws, x, labels) -> {
            int k = epoch * perEpoch + from / bs;
            for (int i = 0; i < size; i++) {
                xs[k * size + i] = x[i];
            }
            for (int i = 0; i < bs; i++) {
                ys[k * bs + i] = labels[i];
            }
        };
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                RunParts parts = RunParts.assemble(cfg, data, m, o.precision(), fed, null)) {
            TorchNet net = parts.net();
            StatefulOptimizer opt = parts.optimizer();
            TrainStep step = parts.step();
            BatchStream stream = parts.stream();
            Npz.write(dir.resolve("init.npz"), StateDicts.export(net, 0, o.precision()));
            Normalization norm = cfg.dataset().meanAndStd();
            List<List<String>> csv = new ArrayList<>();
            for (int epoch = 0; epoch * perEpoch < o.steps(); epoch++) {
                int first = epoch * perEpoch;
                int end = Math.min(o.steps(), first + perEpoch);
                try (Prefetch<BatchStream.Batch> batches = stream.train(epoch,
                        stream.order(epoch), 0, end - first, step::toDevice)) {
                    for (int k = first; k < end; k++) {
                        factors[k] = cfg.schedule().factor(epoch);
                        opt.setScheduleFactor(factors[k]);
                        try (BatchStream.Batch b = batches.next()) {
                            double loss = step.trainOn(b.x(), b.y(), true);
                            csv.add(List.of(String.valueOf(k + 1),
                                    String.format(Locale.ROOT, "%.17g", loss)));
                        }
                    }
                }
            }
            AtomicFiles.writeString(dir.resolve("harness.csv"),
                    Csv.write(List.of("step", "loss"), csv));
            long[] shape = {o.steps(), bs, train.channels(), train.height(), train.width()};
            Map<String, NpyArray> batches = new LinkedHashMap<>();
            batches.put("x", values(xs, o.precision(), shape));
            batches.put("y", NpyArray.ofLongs(ys, o.steps(), bs));
            Npz.write(dir.resolve("batches.npz"), batches);
            Npz.write(dir.resolve("final.npz"), StateDicts.export(net, o.steps(), o.precision()));
            writeEval(cfg, data, norm, step, o.precision(), dir);
            writeSpec(cfg, o, factors, train.numClasses(), train.channels(), dir);
        }
        ref.run(dir, "run", dir.toString());
        List<ParityCheck.Line> lines = ParityCheck.compare(dir, o.precision());
        boolean pass = lines.stream().allMatch(ParityCheck.Line::ok);
        log.printf(Locale.ROOT, "parity: %s / %s, %d steps, %s, batch %d, schedule factors %s"
                + "%n", cfg.model().label(), cfg.optimizer().kind().id(), o.steps(),
                o.precision().name().toLowerCase(Locale.ROOT), bs, distinct(factors));
        lines.forEach(l -> log.println(l.text()));
        log.println("parity: " + (pass ? "PASS" : "FAIL") + " (" + dir + "/parity.csv)");
        log.flush();
        return pass;
    }

    /**
     * Creates the parity directory, or says in one line why it cannot be written; returns it as
     * an absolute path, since the reference runs with the directory as its working directory.
     */
    static Path prepareDirectory(Path out) {
        out = out.toAbsolutePath();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UserInputException(out + ": cannot create the parity directory ("
                    + e.getMessage() + ")");
        }
        if (!Files.isWritable(out)) {
            throw new UserInputException(out + ": not writable");
        }
        return out;
    }

    private static String distinct(double[] factors) {
        List<Double> seen = new ArrayList<>();
        for (double f : factors) {
            if (!seen.contains(f)) {
                seen.add(f);
            }
        }
        return seen.toString();
    }

    private static NpyArray values(double[] v, DataType precision, long... shape) {
        if (precision == DataType.FLOAT64) {
            return NpyArray.ofDoubles(v, shape);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return NpyArray.ofFloats(f, shape);
    }

    /** The first test batch as fed (no augmentation) and the logits in inference mode. */
    private static void writeEval(RunConfig cfg, Splits data, Normalization norm, TrainStep step,
            DataType precision, Path dir) throws IOException {
        ImageSet test = data.test();
        int n = Math.min(cfg.testBatchSize(), test.size());
        float[] buf = new float[n * test.imageSize()];
        new BatchAugmenter(test, norm, 0).fill(null, 0, n, null, buf, new int[n]);
        NDArray x = step.input(buf, n);
        Map<String, NpyArray> eval = new LinkedHashMap<>();
        eval.put("x", StateDicts.toNpy(x, precision));
        eval.put("logits", StateDicts.toNpy(step.logits(x), precision));
        Npz.write(dir.resolve("eval.npz"), eval);
    }

    private static void writeSpec(RunConfig cfg, Options o, double[] factors, int classes,
            int channels, Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode spec = baseSpec(json, cfg, classes, channels, o.precision());
        spec.put("steps", o.steps());
        spec.putPOJO("factors", factors);
        AtomicFiles.writeString(dir.resolve("spec.json"), json.writerWithDefaultPrettyPrinter()
                .writeValueAsString(spec) + "\n");
    }

    /** What both parity modes tell the reference: the network, the optimizer, batch, precision. */
    static ObjectNode baseSpec(ObjectMapper json, RunConfig cfg, int classes, int channels,
            DataType precision) {
        ObjectNode spec = json.createObjectNode();
        ObjectNode model = spec.putObject("model");
        model.put("name", cfg.model().name());
        if (cfg.model().isDenseNet()) {
            model.put("growth", cfg.model().growth());
            model.putPOJO("blocks", cfg.model().blocks());
        } else {
            model.put("width", cfg.model().width());
        }
        model.put("classes", classes).put("channels", channels);
        ObjectNode opt = spec.putObject("optimizer");
        // the reference reads every hyper-parameter as a float, flags as booleans; a flag left
        // out is the rule's paper behaviour there too
        ConfigCodec.toTree(cfg.optimizer()).fields().forEachRemaining(e -> opt.set(e.getKey(),
                e.getValue().isNumber() ? json.getNodeFactory().numberNode(
                        e.getValue().doubleValue()) : e.getValue()));
        spec.put("batchSize", cfg.batchSize());
        spec.put("precision", precision.name().toLowerCase(Locale.ROOT));
        spec.put("threads", Runtime.getRuntime().availableProcessors());
        return spec;
    }
}
