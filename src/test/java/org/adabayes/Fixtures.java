package org.adabayes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.adabayes.config.ConfigLoader;
import org.adabayes.config.RunConfig;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.optim.OptimizerOptions;
import org.adabayes.optim.PaperNetwork;

/**
 * What many tests share: the one tiny run config (a 1/8-width ResNet-18 on generated CIFAR-format
 * data, seconds an epoch) and resolved optimizer specs from the registry.
 */
public final class Fixtures {
    private Fixtures() {}

    /**
     * Writes the tiny run config to {@code tmp/run.yaml}: 256 training and 100 test images,
     * batch 64, decay at epoch 2 (none in a shorter run, where it could not happen), seed 3;
     * {@code more} are {@code --set} style overrides.
     */
    public static Path tinyConfigFile(Path tmp, String optimizer, int epochs) throws IOException {
        Path f = tmp.resolve("run.yaml");
        Files.writeString(f, "model: {name: resnet18, width: 0.125}\n"
                + "dataset: {name: synthetic, dir: " + tmp.resolve("data") + ", trainSubset: 256, "
                + "testSubset: 100}\n"
                + "optimizer: {name: " + optimizer + "}\n"
                + "schedule: {epochs: " + epochs + ", decayEpochs: ["
                + (epochs > 2 ? "2" : "") + "]}\n"
                + "batchSize: 64\nseed: 3\n");
        return f;
    }

    /** The tiny run config, with overrides such as {@code dataset.trainSubset=1024}. */
    public static RunConfig tinyRun(Path tmp, String optimizer, int epochs, String... more)
            throws IOException {
        return ConfigLoader.load(tinyConfigFile(tmp, optimizer, epochs), List.of(more));
    }

    /** The registry's paper defaults for an optimizer (ResNet-34 column) at a batch size. */
    public static OptimizerOptions spec(OptimizerKind kind, int batchSize) {
        return kind.defaults().resolve(PaperNetwork.RESNET34, batchSize);
    }

    /**
     * The 2018 paper's variants, one spec each, flags set away from the paper's rule: NAWD on
     * AdamW (off for the AdaBayes pair, whose paper rule has it), centred on Adam, AdamW and the
     * AdaBayes pair, and both at once.
     */
    public static List<OptimizerOptions> variants(int batchSize) {
        List<OptimizerOptions> out = new java.util.ArrayList<>();
        OptimizerKind[] kinds = {OptimizerKind.ADAM, OptimizerKind.ADAMW, OptimizerKind.ADABAYES_FP,
            OptimizerKind.ADABAYES};
        for (OptimizerKind k : kinds) {
            OptimizerOptions s = spec(k, batchSize);
            out.add(s.with("centred", true));
            if (k.accepts("nawd")) {
                // the flag away from its paper value: on for AdamW, off for the AdaBayes pair
                boolean off = k == OptimizerKind.ADAMW;
                out.add(s.with("nawd", off));
                out.add(s.with("nawd", off).with("centred", true));
            }
        }
        out.add(spec(OptimizerKind.ADABAYES_KF, batchSize).with("nawd", false));
        return out;
    }
}
