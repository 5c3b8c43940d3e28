package org.adabayes.optim;

/**
 * What a rule's double-precision twin computes with, where that is less than its whole spec: two
 * specs with equal keys have twins that step bit for bit alike, so a search (the NQM's) need not
 * simulate the second. A registry entry that has one gives it among its defaults; {@link
 * OptimizerKind#twinKey} falls back to the spec itself.
 */
@FunctionalInterface
interface TwinKey {
    Object of(OptimizerSpec resolved, int batchSize, double f);
}
