package org.adabayes.config;

import java.util.List;

/**
 * One run of an expanded sweep.
 *
 * @param index position in the expansion (what --index and a Slurm array task select)
 * @param config the fully resolved run config
 * @param axes the grid's {@code key=value} settings for this run, in axis order
 */
public record PlannedRun(int index, RunConfig config, List<String> axes) {
    public PlannedRun {
        axes = List.copyOf(axes);
    }
}
