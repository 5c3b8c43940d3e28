package org.adabayes.config;

/**
 * One run of an expanded sweep.
 *
 * @param index position in the expansion (what --index and a Slurm array task select)
 * @param config the fully resolved run config
 * @param relativeDir its run directory below the sweep's output folder
 */
public record PlannedRun(int index, RunConfig config, String relativeDir) {}
