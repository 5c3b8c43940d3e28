package org.adabayes.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.adabayes.config.Method;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Differences paired by seed: seeds share the data order and the initial weights, so a setting
 * compared with its reference seed by seed shows a gap that the spread between seeds in the
 * table's cells would hide. The pairs are a Tablesaw inner join on the seed; which settings are
 * compared with which is the one part chosen by hand (the paper's comparison, below).
 */
final class PairedDifferences {
    private PairedDifferences() {}

    /**
     * Every adaptive setting against AdaBayes and AdaBayes-FP at their defaults (the paper's
     * comparison), and every variant (AdamW+NAWD, Adam+centred, ...) against its own optimizer's
     * paper rule with the same hyper-parameters, the comparison the 2018 suggestions need.
     */
    static List<Table1.Paired> of(Map<Group, Map<Setting, List<RunSummary>>> byGroup,
            List<Group> groups, Table perRun) {
        List<Table1.Paired> out = new ArrayList<>();
        for (Group g : groups) {
            Map<Setting, List<RunSummary>> m = byGroup.get(g);
            for (Method refMethod : references()) {
                for (Setting o : m.keySet()) {
                    Setting ref = new Setting(refMethod, List.of(), o.init(), o.limited());
                    if (o.method().isAdaptive() && !o.equals(ref) && m.containsKey(ref)) {
                        pair(out, g, o, ref, perRun);
                    }
                }
            }
            for (Setting o : m.keySet()) {
                Method paper = o.method().paperRule();
                Setting ref = o.withMethod(paper);
                if (!o.method().isPaperRule() && !references().contains(paper)
                        && m.containsKey(ref)) {
                    pair(out, g, o, ref, perRun);
                }
            }
        }
        return out;
    }

    private static void pair(List<Table1.Paired> out, Group g, Setting o, Setting ref,
            Table perRun) {
        Table mine = averaged(perRun, g, o);
        Table theirs = averaged(perRun, g, ref);
        for (Metric metric : Metric.values()) {
            theirs.column(metric.column()).setName("reference " + metric.column());
        }
        Table pairs = mine.joinOn(Results.SEED).inner(theirs);
        for (Metric metric : Metric.values()) {
            String col = metric.column();
            DoubleColumn d = pairs.doubleColumn(col)
                    .subtract(pairs.doubleColumn("reference " + col));
            if (d.size() >= 2) {
                out.add(new Table1.Paired(g, metric, o, ref, d.size(), d.mean(),
                        d.standardDeviation() / Math.sqrt(d.size())));
            }
        }
    }

    /** A setting's averaged runs in a group: seed and the reduced metrics. */
    private static Table averaged(Table perRun, Group g, Setting s) {
        return perRun.where(perRun.stringColumn(Results.GROUP).isEqualTo(g.slug())
                .and(perRun.stringColumn(Results.SETTING).isEqualTo(s.label()))
                .and(perRun.stringColumn(Aggregates.COUNTS).isEqualTo("true")))
                .selectColumns(Results.SEED, Metric.ERROR.column(), Metric.LOSS.column());
    }

    /** The AdaBayes family, the paper's own method first (the registry lists it last). */
    private static List<Method> references() {
        return List.of(Method.paperRule("adabayes"), Method.paperRule("adabayes-fp"));
    }
}
