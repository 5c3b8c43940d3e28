package org.adabayes.parity;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.adabayes.config.RunConfig;
import org.adabayes.data.BatchAugmenter;
import org.adabayes.data.Datasets;
import org.adabayes.data.ImageSet;
import org.adabayes.data.Normalization;
import org.adabayes.data.Splits;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.NpyArray;
import org.adabayes.io.Npz;
import org.adabayes.io.UserInputException;
import org.adabayes.model.StateDicts;
import org.adabayes.rundir.EpochRecord;
import org.adabayes.train.EpochRunner;
import org.adabayes.train.RunParts;

/**
 * {@code adabayes parity CONFIG --epochs N}: the config's run for N whole epochs, exactly as
 * {@code train} takes them ({@link EpochRunner}: every batch, the short last one included, the
 * schedule, a test evaluation after each epoch), on the CPU in float64 or float32; then the PyTorch
 * reference replays the same initial weights and the same stream (sample indices, crop offsets,
 * flips) from the same dataset files, and {@link WholeRunCheck} sets the two runs side by side
 * epoch by epoch. Everything random in a run is a function of (seed, epoch, batch), so the stream
 * written here is the stream {@code train} would draw.
 */
public final class WholeRunParity {
    /** What {@code --dump-batches} may write (batches.npz and testset.npz together). */
    public static final long DUMP_LIMIT_BYTES = 1L << 30;

    /**
     * How to run.
     *
     * @param epochs whole epochs, 1 to the config's schedule.epochs
     * @param precision FLOAT64 (verification) or FLOAT32 (what training runs)
     * @param out where the files go
     * @param python the interpreter for the reference
     * @param dumpBatches also write every fed batch and the test subset as arrays
     */
    public record Options(int epochs, DataType precision, Path out, String python,
            boolean dumpBatches) {}

    /** Files of an earlier comparison in the directory, removed before a new one starts. */
    static final List<String> OUTPUTS = List.of("init.npz", "final.npz", "stream.npz",
            "harness-epochs.csv", "batches.npz", "testset.npz", "spec.json", "torch-epochs.csv",
            "torch-final.npz", "parity-epochs.csv");

    private WholeRunParity() {}

    /** Runs both sides and prints the summary; returns whether every gated check held. */
    public static boolean run(RunConfig cfg, Options o, PrintWriter log) throws IOException {
        int total = cfg.schedule().epochs();
        if (o.epochs() < 1 || o.epochs() > total) {
            throw new UserInputException("--epochs: must be 1.." + total + " (the config's "
                    + "schedule.epochs), got " + o.epochs());
        }
        Splits data = Datasets.load(cfg.dataset());
        ImageSet train = data.train();
        if (cfg.batchSize() > train.size()) {
            throw new UserInputException("batchSize: " + cfg.batchSize() + " is larger than the "
                    + train.size() + " training images");
        }
        if (o.dumpBatches()) {
            checkDump(cfg, data, o);
        }
        Path dir = Parity.prepareDirectory(o.out());
        ParityReference ref = ParityReference.prepare(o.python(), dir);
        for (String f : OUTPUTS) {
            Files.deleteIfExists(dir.resolve(f));
        }
        StreamRecorder stream = new StreamRecorder(o.dumpBatches() ? train.imageSize() : 0);
        List<EpochRecord> rows = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                RunParts parts = RunParts.assemble(cfg, data, m, o.precision(), stream, null)) {
            Npz.write(dir.resolve("init.npz"), StateDicts.export(parts.net(), 0,
                    o.precision()));
            EpochRunner epoch = parts.epochs(cfg, 0, true,
                    new PrintStream(PrintStream.nullOutputStream()));
            for (int e = 0; e < o.epochs(); e++) {
                rows.add(epoch.run(e, parts.step(), parts.optimizer()));
            }
            Npz.write(dir.resolve("final.npz"), StateDicts.export(parts.net(), stream.steps(),
                    o.precision()));
        }
        Npz.write(dir.resolve("stream.npz"), stream.arrays(cfg));
        if (o.dumpBatches()) {
            writeDump(cfg, data, stream, o.precision(), dir);
        }
        AtomicFiles.writeString(dir.resolve("harness-epochs.csv"), WholeRunCheck.csv(rows));
        writeSpec(cfg, data, o, stream.steps(), dir);
        ref.run(dir, "epochs", dir.toString());
        List<ParityCheck.Line> lines = WholeRunCheck.compare(dir, o.precision());
        boolean pass = lines.stream().allMatch(ParityCheck.Line::ok);
        log.printf(Locale.ROOT, "parity: %s / %s, %d epochs (%d steps, %d training and %d test "
                + "images), %s, batch %d, schedule factors %s%n", cfg.model().label(),
                cfg.optimizer().kind().id(), o.epochs(), stream.steps(), train.size(),
                data.test().size(), o.precision().name().toLowerCase(Locale.ROOT),
                cfg.batchSize(), factors(cfg, o.epochs()));
        lines.forEach(l -> log.println(l.text()));
        log.println("parity: " + (pass ? "PASS" : "FAIL") + " (" + dir + "/parity-epochs.csv)");
        log.flush();
        return pass;
    }

    private static List<Double> factors(RunConfig cfg, int epochs) {
        List<Double> f = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            f.add(cfg.schedule().factor(e));
        }
        return f;
    }

    /** Refuses a dump that cannot be written as [S, B, ...] or is over the limit, up front. */
    private static void checkDump(RunConfig cfg, Splits data, Options o) {
        int n = data.train().size();
        int bs = cfg.batchSize();
        if (n % bs != 0) {
            throw new UserInputException("--dump-batches: the " + n + " training images do not "
                    + "split into whole batches of " + bs + " (batches.npz holds [steps, batch, "
                    + "C, H, W]); choose dataset.trainSubset as a multiple of " + bs);
        }
        long elem = o.precision() == DataType.FLOAT64 ? 8 : 4;
        long images = (long) o.epochs() * n + data.test().size();
        long bytes = images * (data.train().imageSize() * elem + 8);
        if (bytes > DUMP_LIMIT_BYTES) {
            throw new UserInputException(String.format(Locale.ROOT, "--dump-batches: would write "
                    + "%.0f MiB (batches.npz and testset.npz), over the %d MiB limit; use fewer "
                    + "--epochs or a smaller dataset.trainSubset/testSubset", bytes / 1048576.0,
                    DUMP_LIMIT_BYTES >> 20));
        }
    }

    private static void writeDump(RunConfig cfg, Splits data, StreamRecorder s,
            DataType precision,
            Path dir) throws IOException {
        ImageSet train = data.train();
        long[] shape = {s.steps(), cfg.batchSize(), train.channels(), train.height(),
            train.width()};
        Map<String, NpyArray> b = new LinkedHashMap<>();
        b.put("x", values(s.pixels(), precision, shape));
        b.put("y", NpyArray.ofLongs(s.labels(), s.steps(), cfg.batchSize()));
        Npz.write(dir.resolve("batches.npz"), b);
        ImageSet test = data.test();
        float[] x = new float[test.size() * test.imageSize()];
        int[] y = new int[test.size()];
        new BatchAugmenter(test, cfg.dataset().meanAndStd(), 0).fillDrawn(null, 0, test.size(),
                null, x, y);
        Map<String, NpyArray> t = new LinkedHashMap<>();
        t.put("x", values(x, precision, test.size(), test.channels(), test.height(),
                test.width()));
        t.put("y", NpyArray.ofLongs(java.util.Arrays.stream(y).asLongStream().toArray(),
                test.size()));
        Npz.write(dir.resolve("testset.npz"), t);
    }

    private static NpyArray values(float[] v, DataType precision, long... shape) {
        if (precision == DataType.FLOAT32) {
            return NpyArray.ofFloats(v, shape);
        }
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return NpyArray.ofDoubles(d, shape);
    }

    private static void writeSpec(RunConfig cfg, Splits data, Options o, int steps, Path dir)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode spec = Parity.baseSpec(json, cfg, data.train().numClasses(),
                data.train().channels(), o.precision());
        spec.put("epochs", o.epochs());
        spec.put("steps", steps);
        spec.putPOJO("factors", factors(cfg, o.epochs()));
        spec.put("testBatchSize", cfg.testBatchSize());
        spec.put("seed", cfg.seed());
        ObjectNode ds = spec.putObject("dataset");
        ds.put("name", cfg.dataset().name());
        ds.put("format", cfg.dataset().kind().referenceFormat());
        ds.put("trainImages", data.train().size());
        ds.put("testImages", data.test().size());
        ds.put("augment", cfg.dataset().augment());
        ds.put("cropPad", 4);
        Normalization norm = cfg.dataset().meanAndStd();
        ds.putPOJO("mean", norm.mean());
        ds.putPOJO("std", norm.std());
        ObjectNode files = ds.putObject("files");
        for (Map.Entry<String, String> f : data.checksums().entrySet()) {
            files.put(Path.of(f.getKey()).toAbsolutePath().toString(), f.getValue());
        }
        AtomicFiles.writeString(dir.resolve("spec.json"), json.writerWithDefaultPrettyPrinter()
                .writeValueAsString(spec) + "\n");
    }
}
