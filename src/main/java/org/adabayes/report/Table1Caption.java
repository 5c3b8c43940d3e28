package org.adabayes.report;

import java.util.Map;
import java.util.stream.Collectors;
import org.adabayes.rundir.RunState;

/**
 * The caption of Table 1: a table pasted into a paper travels without its command line, so the
 * caption itself must say which reduction, which std and how many runs of each state are behind
 * the numbers.
 *
 * @param limited runs cut to a few batches per epoch, which the caption must then explain
 */
record Table1Caption(Reduction reduction, boolean comparesPaper,
        Map<RunState, Integer> statusCounts, long limited) {

    String text() {
        String counts = statusCounts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().word())
                .collect(Collectors.joining(", "));
        return "Table 1: " + reduction.words() + " of test error (%) "
                + "and test loss; mean ± sample std (n - 1 denominator) over complete runs "
                + "(seeds), n per cell; runs not complete are counted in the cell, never averaged. "
                + (limited > 0 ? "Runs limited to a few batches per epoch (--max-batches) are "
                        + "counted as limited, never averaged. " : "")
                + "Bold: best adaptive method per column; SGD bold where it beats every adaptive "
                + "method." + (comparesPaper ? " [paper value, difference] from the AdaBayes "
                        + "paper's Table 1 (single runs)." : "") + " Runs: " + counts + ".";
    }
}
