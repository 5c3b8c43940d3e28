package org.adabayes.data;

import java.nio.file.Path;

/** Loads the dataset a run config names, subsets applied. */
public final class Datasets {
    private Datasets() {}

    public static Splits load(DataSpec spec) {
        return spec.kind().read(Path.of(spec.dir()), spec).head(spec.trainSubset(),
                spec.testSubset());
    }
}
