package org.adabayes.cli;

// a static import: the subcommand class Models below hides model.Models
import static org.adabayes.model.Models.trainableShapes;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.adabayes.bench.AugmentBench;
import org.adabayes.bench.ModelBench;
import org.adabayes.bench.OptimizerBench;
import org.adabayes.bench.ResultSet;
import org.adabayes.bench.SideBySide;
import org.adabayes.bench.TorchBench;
import org.adabayes.config.DeviceChoice;
import org.adabayes.engine.Devices;
import org.adabayes.engine.EngineSettings;
import org.adabayes.model.ModelSpec;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.parity.ParityReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code adabayes bench optimizers|models|data}: benchmarks that print measured numbers and assert
 * none. The engines live in the packages they measure.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (print numbers): optimizers | models | data.",
        subcommands = {BenchCommand.Optimizers.class, BenchCommand.Models.class,
            BenchCommand.Data.class})
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code bench} alone names no benchmark: its usage on stderr, exit 2. */
    @Override
    public Integer call() {
        return Main.usageError(spec);
    }

    /** Options every benchmark takes. */
    static final class Common {
        @Option(names = "--steps", defaultValue = "20",
                description = "Timed steps or rounds (default ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--batch-size", defaultValue = "128",
                description = "Batch size (default ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--device", defaultValue = "auto",
                description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
        DeviceChoice device;

        @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
                description = "libtorch's intra-op threads, on both sides under --against-torch "
                        + "(default: one per core).")
        int threads;

        void check() {
            require(steps >= 1, "--steps", "must be >= 1, got " + steps);
            require(batchSize >= 1, "--batch-size", "must be >= 1, got " + batchSize);
            require(threads >= 0, "--threads", "must be >= 0 (0: one per core), got "
                    + threads);
        }

        /** Sets the thread count before anything is timed. */
        void applyThreads() {
            EngineSettings.threads(threads);
        }
    }

    /** The PyTorch side of a side-by-side benchmark. */
    static final class TorchSide {
        @Option(names = "--against-torch", description = "Beside PyTorch eager (Debian's "
                + "python3-torch, /usr/bin/python3), interleaved.")
        boolean on;

        @Option(names = "--work", defaultValue = "bench-work", paramLabel = "DIR",
                description = "With --against-torch: where the PyTorch scripts are unpacked "
                        + "(default ${DEFAULT-VALUE}).")
        Path work;

        /**
         * Whether the PyTorch side runs: asked for and importable. When it was asked for but
         * PyTorch is missing, says so; the command then runs the harness side alone.
         */
        boolean usable(PrintWriter out) throws IOException {
            if (!on) {
                return false;
            }
            String missing = ParityReference.missingTorch(ParityReference.python(), work);
            if (missing != null) {
                out.println("bench: " + missing + "; running the harness side alone");
            }
            return missing == null;
        }
    }

    /** {@code bench optimizers}. */
    @Command(name = "optimizers", mixinStandardHelpOptions = true,
            description = "One optimizer step over a network's parameter shapes (ResNet-34's by "
                    + "default), against DJL's built-in Adam.")
    static final class Optimizers extends Subcommand {
        @Mixin
        Common common;

        @Option(names = "--optimizers", split = ",", paramLabel = "NAME",
                description = "Subset of the registry's optimizers (default all).")
        List<OptimizerKind> kinds = new ArrayList<>(List.of(OptimizerKind.values()));

        @Option(names = "--model", defaultValue = "resnet34", paramLabel = "NAME",
                description = "Whose parameter shapes, a network as name[@width]: resnet34 (110 "
                        + "tensors, the default), densenet121 (362), any other of the registry.")
        String model;

        private ModelSpec network;

        @Mixin
        TorchSide torchSide;

        @Override
        protected void validate() {
            common.check();
            network = ModelSpec.parse(model, "--model");
        }

        @Override
        protected ExitCode execute() throws Exception {
            common.applyThreads();
            Device dev = Devices.select(common.device);
            List<Shape> shapes = trainableShapes(network, 3, 10);
            if (!torchSide.usable(out())) {
                OptimizerBench.run(shapes, kinds, common.batchSize, common.steps, dev,
                        Devices.describe(dev), out());
                return ExitCode.OK;
            }
            try (TorchBench torch = TorchBench.start(torchSide.work)) {
                OptimizerBench.run(shapes, kinds, common.batchSize, common.steps, dev,
                        Devices.describe(dev), (k, foreach) -> {
                            JsonNode ms = torch.ask(Map.of(
                                    // the step a parameter without layer statistics takes
                                    "optimizer_only", k.elementWise().id(),
                                    "shapes", model, "foreach", foreach,
                                    "batch", common.batchSize, "steps", 1, "warmup", 0,
                                    "threads", Runtime.getRuntime().availableProcessors()))
                                    .get("ms_per_step_median");
                            return ms == null || ms.isNull() ? Double.NaN : ms.asDouble();
                        }, out());
            }
            return ExitCode.OK;
        }
    }

    /** {@code bench models}. */
    @Command(name = "models", mixinStandardHelpOptions = true,
            description = "Training images/s of each network (forward, backward, SGD step).")
    static final class Models extends Subcommand {
        @Mixin
        Common common;

        @Option(names = "--models", split = ",", description = "Models as name[@width], e.g. "
                + "resnet18@0.25 (default: the paper's two and the CPU siblings).")
        List<String> models = new ArrayList<>(List.of("resnet34", "densenet121", "resnet18",
                "resnet18@0.25", "resnet18@0.125"));

        @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "NAME",
                description = "Optimizer of the harness's steps, paper defaults (default "
                        + "${DEFAULT-VALUE}; --against-torch always compares SGD).")
        OptimizerKind optimizer;

        @Mixin
        TorchSide torchSide;

        @Option(names = "--cases", split = ",", paramLabel = "MODEL:BATCH",
                description = "With --against-torch: cases as name[@width]:batch (default: "
                        + "resnet18@0.0625:2, resnet34@0.0625:2, resnet18@0.125:128, "
                        + "resnet18:128, resnet34:128, densenet121:128).")
        List<String> cases = new ArrayList<>(List.of("resnet18@0.0625:2", "resnet34@0.0625:2",
                "resnet18@0.125:128", "resnet18:128", "resnet34:128", "densenet121:128"));

        @Option(names = "--rounds", defaultValue = "11",
                description = "Timed rounds of --steps steps each (alternating with PyTorch's "
                        + "under --against-torch); the median is reported (default "
                        + "${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--profile", description = "With --against-torch: then profile "
                + "--steps steps of each case on both sides with libtorch's profiler and set "
                + "the operators side by side.")
        boolean profile;

        @Option(names = "--warmup", defaultValue = "10",
                description = "Untimed steps first, on each side (default ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--out", paramLabel = "DIR", description = "Also write the numbers as "
                + "a result set: DIR/models.csv and DIR/bench-manifest.json (the command, commit "
                + "and machine).")
        Path outDir;

        private final List<ModelSpec> specs = new ArrayList<>();
        private final List<ModelBench.Case> parsed = new ArrayList<>();

        @Override
        protected void validate() {
            common.check();
            require(rounds >= 1, "--rounds", "must be >= 1, got " + rounds);
            require(warmup >= 0, "--warmup", "must be >= 0, got " + warmup);
            for (String m : models) {
                specs.add(ModelSpec.parse(m, "--models"));
            }
            for (String c : cases) {
                int colon = c.lastIndexOf(':');
                int batch = -1;
                try {
                    batch = colon < 0 ? -1 : Integer.parseInt(c.substring(colon + 1));
                } catch (NumberFormatException e) {
                    batch = -1;
                }
                require(batch >= 1, "--cases", "'" + c + "' is not name[@width]:batch, e.g. "
                        + "resnet18@0.125:128");
                parsed.add(new ModelBench.Case(ModelSpec.parse(c.substring(0, colon), "--cases"),
                        batch));
            }
        }

        @Override
        protected ExitCode execute() throws Exception {
            common.applyThreads();
            String load = ResultSet.loadAverage();
            ModelBench.Protocol protocol = new ModelBench.Protocol(warmup, rounds, common.steps);
            List<ResultSet.Row> rows = new ArrayList<>();
            String torch = null;
            if (torchSide.usable(out())) {
                SideBySide.Outcome o = SideBySide.run(parsed, protocol, torchSide.work, profile,
                        out());
                rows.addAll(o.rows());
                torch = o.torch();
            } else if (torchSide.on) {
                for (ModelBench.Case c : parsed) {
                    rows.addAll(ModelBench.run(List.of(c.model()), c.batch(), protocol,
                            Devices.select(common.device), optimizer, out()));
                }
            } else {
                rows.addAll(ModelBench.run(specs, common.batchSize, protocol,
                        Devices.select(common.device), optimizer, out()));
            }
            if (outDir != null) {
                ResultSet.write(outDir, command(this),
                        load, protocol.describe(), torch, rows);
                out().println("result set: " + outDir.resolve("models.csv") + ", "
                        + outDir.resolve("bench-manifest.json"));
            }
            return ExitCode.OK;
        }
    }

    /** The command line as typed, for a result set's manifest. */
    private static List<String> command(Subcommand c) {
        List<String> all = new ArrayList<>(List.of("adabayes"));
        var pr = c.spec.root().commandLine().getParseResult();
        all.addAll(pr == null ? List.of("bench", "models") : pr.originalArgs());
        return all;
    }

    /** {@code bench data}. */
    @Command(name = "data", mixinStandardHelpOptions = true,
            description = "Augmented images/s of the data pipeline, one thread.")
    static final class Data extends Subcommand {
        @Mixin
        Common common;

        @Override
        protected void validate() {
            common.check();
        }

        @Override
        protected ExitCode execute() {
            AugmentBench.run(common.batchSize, Math.max(2, Math.min(common.steps, 5)), out());
            return ExitCode.OK;
        }
    }

    private static void require(boolean ok, String option, String problem) {
        Subcommand.require(ok, option, problem);
    }
}
