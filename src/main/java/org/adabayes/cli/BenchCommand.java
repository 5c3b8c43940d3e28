package org.adabayes.cli;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.adabayes.config.ModelSpec;
import org.adabayes.data.AugmentBench;
import org.adabayes.optim.OptimizerBench;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.train.Devices;
import org.adabayes.train.ModelBench;
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
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
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
        Devices.Choice device;

        void check() {
            require(steps >= 1, "--steps", "must be >= 1, got " + steps);
            require(batchSize >= 1, "--batch-size", "must be >= 1, got " + batchSize);
        }
    }

    /** {@code bench optimizers}. */
    @Command(name = "optimizers", mixinStandardHelpOptions = true,
            description = "One optimizer step over ResNet-34's parameter shapes, against DJL's "
                    + "built-in Adam.")
    static final class Optimizers extends Subcommand {
        @Mixin
        Common common;

        @Option(names = "--optimizers", split = ",", paramLabel = "NAME",
                description = "Subset of the registry's optimizers (default all).")
        List<OptimizerKind> kinds = new ArrayList<>(List.of(OptimizerKind.values()));

        @Override
        protected void validate() {
            common.check();
        }

        @Override
        protected int execute() throws Exception {
            Device dev = Devices.select(common.device);
            OptimizerBench.run(org.adabayes.model.Models.trainableShapes(
                    new ModelSpec("resnet34", null, null, null), 3, 10), kinds,
                    common.batchSize, common.steps, dev, Devices.describe(dev), out());
            return 0;
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

        private final List<ModelSpec> specs = new ArrayList<>();

        @Override
        protected void validate() {
            common.check();
            for (String m : models) {
                specs.add(ModelSpec.parse(m, "--models"));
            }
        }

        @Override
        protected int execute() {
            ModelBench.run(specs, common.batchSize, common.steps,
                    Devices.select(common.device), out());
            return 0;
        }
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
        protected int execute() {
            AugmentBench.run(common.batchSize, Math.max(2, Math.min(common.steps, 5)), out());
            return 0;
        }
    }

    private static void require(boolean ok, String option, String problem) {
        Subcommand.require(ok, option, problem);
    }
}
