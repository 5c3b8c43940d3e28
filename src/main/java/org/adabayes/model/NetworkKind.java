package org.adabayes.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.adabayes.optim.PaperNetwork;

/**
 * The network registry, as {@code OptimizerKind} is the optimizers': everything that varies by
 * network, in one place. Each entry names the network (config name and the paper's display name),
 * its family (which scale fields a config may set, and whose column of the hyper-parameter table
 * its defaults come from) and how it is built. A new network is one file holding its block and
 * one entry here ({@code docs/architecture.md}); {@code RegistryNamesTest} holds that nothing
 * else names one.
 */
public enum NetworkKind {
    RESNET18("resnet18", "ResNet-18", Family.RESNET,
            (m, channels, classes) -> new CifarResNet(18, m.width(), channels, classes)),
    RESNET34("resnet34", "ResNet-34", Family.RESNET,
            (m, channels, classes) -> new CifarResNet(34, m.width(), channels, classes)),
    DENSENET121("densenet121", "DenseNet-121", Family.DENSENET,
            (m, channels, classes) -> new CifarDenseNet(m.growth(), m.blocks(), channels,
                    classes));

    /**
     * What a network's config may scale, and the paper network whose hyper-parameter column
     * (Adam's beta1 differs) a scaled sibling takes its defaults from.
     */
    public enum Family {
        /** {@code width} multiplies every channel count (1.0 = the paper's 64 base channels). */
        RESNET(PaperNetwork.RESNET34),
        /** {@code growth} and {@code blocks} shrink it (32 and [6, 12, 24, 16] = the paper's). */
        DENSENET(PaperNetwork.DENSENET121);

        private final PaperNetwork paper;

        Family(PaperNetwork paper) {
            this.paper = paper;
        }

        public PaperNetwork paper() {
            return paper;
        }
    }

    /** Builds the uninitialised block for a validated spec of this network. */
    @FunctionalInterface
    interface Factory {
        TorchNet build(ModelSpec spec, int channels, int classes);
    }

    private final String id;
    private final String title;
    private final Family family;
    private final Factory factory;

    NetworkKind(String id, String title, Family family, Factory factory) {
        this.id = id;
        this.title = title;
        this.family = family;
        this.factory = factory;
    }

    /** The name configs, command lines and run directories use. */
    public String id() {
        return id;
    }

    /** The paper's name, as tables and figures print it. */
    public String title() {
        return title;
    }

    public Family family() {
        return family;
    }

    TorchNet build(ModelSpec spec, int channels, int classes) {
        return factory.build(spec, channels, classes);
    }

    /** Every config name, in registry order (what an error lists). */
    public static List<String> ids() {
        return Arrays.stream(values()).map(NetworkKind::id).toList();
    }

    /** The entry a config name selects, if any (case-insensitive). */
    public static Optional<NetworkKind> byId(String id) {
        String lower = id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.id.equals(lower)).findFirst();
    }

    /**
     * A label's paper name: {@code resnet18@0.125} reads {@code ResNet-18@0.125}; a label no
     * entry starts with is returned as it is.
     */
    public static String titleOf(String label) {
        for (NetworkKind k : values()) {
            if (label.equals(k.id) || label.startsWith(k.id + "@")) {
                return k.title + label.substring(k.id.length());
            }
        }
        return label;
    }
}
