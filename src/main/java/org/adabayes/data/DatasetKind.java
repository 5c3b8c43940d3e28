package org.adabayes.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The dataset registry, as {@code OptimizerKind} is the optimizers': everything that varies by
 * dataset, in one place. Each entry names the dataset (config name and display name), its shape
 * (known without its files, so a run copied off a cluster can rebuild its network from the config
 * alone), where it is read from by default, how it is read, its normalisation and the format the
 * PyTorch reference reads it as. A new dataset is one reader file and one entry here
 * ({@code docs/architecture.md}); {@code RegistryNamesTest} holds that nothing else names one.
 */
public enum DatasetKind {
    CIFAR10("cifar10", "CIFAR-10", 3, 10, "data/cifar10",
            (dir, spec) -> CifarReader.read(dir, CifarFormat.CIFAR10, true),
            Normalization.CIFAR10_DEMO, Normalization.CIFAR10_TRUE, "cifar10"),
    CIFAR100("cifar100", "CIFAR-100", 3, 100, "data/cifar100",
            (dir, spec) -> CifarReader.read(dir, CifarFormat.CIFAR100, true),
            Normalization.CIFAR100, Normalization.CIFAR100, "cifar100"),
    FASHION_MNIST("fashion-mnist", "Fashion-MNIST", 1, 10, FashionMnistReader.DEBIAN_DIR,
            (dir, spec) -> FashionMnistReader.read(dir),
            Normalization.FASHION_MNIST, Normalization.FASHION_MNIST, "fashion-mnist"),
    /** Generated into its directory in CIFAR-10's binary layout, so the real reader runs. */
    SYNTHETIC("synthetic", "synthetic", 3, 10, "data/synthetic",
            (dir, spec) -> SyntheticCifar.load(dir, spec.trainSubset(), spec.testSubset()),
            Normalization.CIFAR10_DEMO, Normalization.CIFAR10_TRUE, "cifar10");

    /** Reads a dataset's splits from its directory, before subsets are applied. */
    @FunctionalInterface
    interface Reader {
        Splits read(Path dir, DataSpec spec);
    }

    private final String id;
    private final String title;
    private final int channels;
    private final int classes;
    private final String defaultDir;
    private final Reader reader;
    private final Normalization demo;
    private final Normalization trueStd;
    private final String referenceFormat;

    DatasetKind(String id, String title, int channels, int classes, String defaultDir,
            Reader reader, Normalization demo, Normalization trueStd, String referenceFormat) {
        this.id = id;
        this.title = title;
        this.channels = channels;
        this.classes = classes;
        this.defaultDir = defaultDir;
        this.reader = reader;
        this.demo = demo;
        this.trueStd = trueStd;
        this.referenceFormat = referenceFormat;
    }

    /** The name configs and run directories use. */
    public String id() {
        return id;
    }

    /** The name tables and figures print. */
    public String title() {
        return title;
    }

    public int channels() {
        return channels;
    }

    public int classes() {
        return classes;
    }

    /** Where a config that names no {@code dir} reads it from. */
    public String defaultDir() {
        return defaultDir;
    }

    /**
     * The per-channel normalisation: {@code "demo"} is the AdaBound demo's std the paper trained
     * with (CIFAR-10 only differs), {@code "true"} the data's own.
     */
    public Normalization normalization(String which) {
        return "true".equals(which) ? trueStd : demo;
    }

    /** The file format the PyTorch reference reads this dataset's files as. */
    public String referenceFormat() {
        return referenceFormat;
    }

    Splits read(Path dir, DataSpec spec) {
        return reader.read(dir, spec);
    }

    /** Every config name, in registry order (what an error lists). */
    public static List<String> ids() {
        return Arrays.stream(values()).map(DatasetKind::id).toList();
    }

    /** The entry a config name selects, if any (case-insensitive). */
    public static Optional<DatasetKind> byId(String id) {
        String lower = id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.id.equals(lower)).findFirst();
    }

    /** A dataset name's display name; a name no entry has is returned as it is. */
    public static String titleOf(String id) {
        return byId(id).map(DatasetKind::title).orElse(id);
    }
}
