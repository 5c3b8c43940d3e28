package org.adabayes.report;

import org.adabayes.data.DatasetKind;
import org.adabayes.model.NetworkKind;

/**
 * A (dataset, model) pair: two columns of Table 1 and one panel row of the figures. The model is
 * its label, so a scaled sibling ({@code resnet18@0.125}) is a group of its own.
 */
public record Group(String dataset, String model) {
    public String title() {
        return DatasetKind.titleOf(dataset) + " " + NetworkKind.titleOf(model);
    }

    /** The group of a run. */
    public static Group of(RunSummary r) {
        return new Group(r.dataset(), r.model());
    }

    /** A file-name fragment: {@code fashion-mnist-resnet18_0.125}. */
    public String slug() {
        return dataset + "-" + model.replace('@', '_');
    }
}
