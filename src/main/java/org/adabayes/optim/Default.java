package org.adabayes.optim;

/**
 * One hyper-parameter a registry entry ({@link OptimizerKind}) accepts and its paper default. An
 * implicit default (a flag whose default is the paper's behaviour) is not written into a resolved
 * spec, so a flag added to an optimizer leaves every earlier run's identity as it was.
 */
record Default(HyperParameter parameter, Default.Value value, boolean needsBatch,
        boolean implicit) {
    /** The value for a network and batch size, given the defaults resolved so far. */
    @FunctionalInterface
    interface Value {
        Object of(PaperNetwork network, int batchSize, OptimizerSpec soFar);
    }

    Default(HyperParameter parameter, Value value, boolean needsBatch) {
        this(parameter, value, needsBatch, false);
    }

    /** A constant default. */
    static Default set(HyperParameter p, Object value) {
        return new Default(p, (net, b, s) -> value, false);
    }

    /** A flag whose default is the paper's behaviour (implicit: not written when resolved). */
    static Default paper(HyperParameter flag, boolean value) {
        return new Default(flag, (net, b, s) -> value, false, true);
    }
}
