package org.adabayes.report;

/**
 * A (dataset, model) pair: two columns of Table 1 and one panel row of the figures. The model is
 * its label, so a scaled sibling ({@code resnet18@0.125}) is a group of its own.
 */
public record Group(String dataset, String model) {
    public String title() {
        String d = switch (dataset) {
            case "cifar10" -> "CIFAR-10";
            case "cifar100" -> "CIFAR-100";
            case "fashion-mnist" -> "Fashion-MNIST";
            default -> dataset;
        };
        String m = model.replace("resnet34", "ResNet-34").replace("resnet18", "ResNet-18")
                .replace("densenet121", "DenseNet-121");
        return d + " " + m;
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
