package org.adabayes.report;

import java.util.Map;
import java.util.stream.Collectors;
import org.adabayes.rundir.RunState;

/**
 * The caption of Table 1: a table pasted into a paper travels without its command line, so the
 * caption itself must say which reduction, which std, how many runs of each state are behind the
 * numbers, and how a sweep's setting was picked.
 *
 * @param damaged runs whose files could not be read, counted in their cells
 * @param limited runs cut to a few batches per epoch and counted apart
 * @param tabledLimited such runs tabled as settings of their own (--include-limited)
 */
record Table1Caption(Table1.Options options, boolean comparesPaper,
        Map<RunState, Integer> statusCounts, long damaged, long limited, long tabledLimited) {

    String text() {
        String counts = statusCounts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().word())
                .collect(Collectors.joining(", "))
                + (damaged > 0 ? (statusCounts.isEmpty() ? "" : ", ") + damaged + " damaged"
                        : "");
        return "Table 1: " + options.reduction().words() + " of test error (%) "
                + "and test loss; mean ± sample std (n - 1 denominator) over complete runs "
                + "(seeds), n per cell; runs not complete are counted in the cell, never averaged. "
                + (limited > 0 ? "Runs limited to a few batches per epoch (--max-batches) are "
                        + "counted as limited, never averaged. " : "")
                + (tabledLimited > 0 ? "Includes runs limited to a few batches per epoch "
                        + "(--include-limited; rows marked max-batches=N): smoke numbers, not "
                        + "results of their configs. " : "")
                + (damaged > 0 ? "Runs whose files could not be read are counted as damaged. "
                        : "")
                + (options.bestOf() != null ? "Each cell is the setting of " + options.bestOf()
                        + " (named in the cell) whose mean over seeds of the " + options
                                .reduction().words() + " of " + options.select()
                        + " is lowest" + (options.select().startsWith("test")
                                ? "; picked on the test set, so the numbers are optimistic"
                                : "") + ". " : "")
                + "Bold: best adaptive method per column; SGD bold where it beats every adaptive "
                + "method." + (comparesPaper ? " [paper value, difference] from the AdaBayes "
                        + "paper's Table 1 (single runs)." : "") + " Runs: " + counts + ".";
    }
}
