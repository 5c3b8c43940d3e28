package org.adabayes.config;

import org.adabayes.io.FieldException;

/**
 * Optional Fig. 3 diagnostics: every {@code lrTraceEvery} steps the AdaBayes pair samples
 * {@code lrTraceElements} fixed, seeded parameter elements into {@code lr_trace.csv}. 0 = off.
 */
public record DiagnosticsSpec(Integer lrTraceEvery, Integer lrTraceElements) {
    public DiagnosticsSpec {
        lrTraceEvery = lrTraceEvery == null ? 0 : lrTraceEvery;
        lrTraceElements = lrTraceElements == null ? 2000 : lrTraceElements;
        FieldException.require(lrTraceEvery >= 0, "lrTraceEvery",
                "must be >= 0 (0 = off), got " + lrTraceEvery);
        FieldException.require(lrTraceElements > 0, "lrTraceElements",
                "must be positive, got " + lrTraceElements);
    }

    public static DiagnosticsSpec off() {
        return new DiagnosticsSpec(0, null);
    }
}
