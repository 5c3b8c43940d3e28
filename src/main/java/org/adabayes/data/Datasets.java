package org.adabayes.data;

import java.nio.file.Path;
import org.adabayes.config.DataSpec;

/** Loads the dataset a run config names, subsets applied. */
public final class Datasets {
    private Datasets() {}

    public static Splits load(DataSpec spec) {
        Path dir = Path.of(spec.dir());
        Splits s = switch (spec.name()) {
            case "cifar10" -> CifarReader.read(dir, CifarFormat.CIFAR10, true);
            case "cifar100" -> CifarReader.read(dir, CifarFormat.CIFAR100, true);
            case "fashion-mnist" -> FashionMnistReader.read(dir);
            case "synthetic" -> SyntheticCifar.load(dir, spec.trainSubset(), spec.testSubset());
            default -> throw new IllegalArgumentException(spec.name());
        };
        return s.head(spec.trainSubset(), spec.testSubset());
    }

    /**
     * {channels, classes} of a dataset, known without its files (to rebuild a run's network from
     * its config alone, as export does for results copied off a cluster).
     */
    public static int[] imageShape(DataSpec spec) {
        return switch (spec.name()) {
            case "cifar100" -> new int[] {3, 100};
            case "fashion-mnist" -> new int[] {1, 10};
            default -> new int[] {3, 10};
        };
    }
}
