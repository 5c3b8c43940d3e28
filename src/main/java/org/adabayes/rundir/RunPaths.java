package org.adabayes.rundir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.adabayes.config.Method;
import org.adabayes.config.PlannedRun;
import org.adabayes.config.RunConfig;
import org.adabayes.io.UserInputException;

/**
 * Where a run lives below a results folder, the one rule {@code train} and {@code sweep} share:
 * {@code <dataset>-<model label>/<method>[+key=value...]/seed-<n>}, the method being the optimizer
 * and any variant flag ({@code adamw+nawd}). The model label tells scaled
 * siblings apart ({@code resnet18@0.125}); the {@code +key=value} parts are a sweep's axes other
 * than dataset, model and optimizer, which the path already names.
 */
public final class RunPaths {
    /** Where {@code train} puts a run when no --out is given. */
    public static final Path DEFAULT_ROOT = Path.of("results");

    /** Axes the method's name ({@code adamw+nawd}) already says. */
    private static final java.util.Set<String> NAMED_BY_METHOD = java.util.Set.of("optimizer",
            "optimizer.name", "optimizer.nawd", "optimizer.centred");

    private RunPaths() {}

    /** The directory of a run below a results folder. */
    public static String relative(RunConfig cfg, List<String> axes) {
        StringBuilder extra = new StringBuilder();
        for (String s : axes) {
            String key = s.substring(0, s.indexOf('='));
            if (key.equals("dataset.name") || NAMED_BY_METHOD.contains(key)
                    || key.startsWith("model.")) {
                continue;
            }
            String shortKey = key.substring(key.lastIndexOf('.') + 1);
            extra.append('+').append(shortKey).append('=')
                    .append(s.substring(s.indexOf('=') + 1).replaceAll("[^A-Za-z0-9._-]", "_"));
        }
        return cfg.dataset().name() + "-" + cfg.model().label() + "/"
                + Method.of(cfg.optimizer()).id() + extra + "/seed-" + cfg.seed();
    }

    /** {@code train}'s default: {@code results/} and the run's path. */
    public static Path defaultFor(RunConfig cfg) {
        return DEFAULT_ROOT.resolve(relative(cfg, List.of()));
    }

    /** Each planned run's directory below {@code root}; two runs sharing one is an error. */
    public static List<Path> assign(Path root, List<PlannedRun> runs, String label) {
        List<Path> out = new ArrayList<>();
        Map<String, PlannedRun> seen = new HashMap<>();
        for (PlannedRun r : runs) {
            String rel = relative(r.config(), r.axes());
            PlannedRun other = seen.putIfAbsent(rel, r);
            if (other != null) {
                throw new UserInputException(label + ": runs " + other.index() + " and "
                        + r.index() + " would share the directory " + rel);
            }
            out.add(root.resolve(rel));
        }
        return out;
    }
}
