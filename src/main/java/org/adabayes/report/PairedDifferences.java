package org.adabayes.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.adabayes.config.Method;
import org.adabayes.rundir.RunState;

/**
 * Differences paired by seed: seeds share the data order and the initial weights, so a method
 * compared with its reference seed by seed shows a gap that the spread between seeds in the
 * table's cells would hide.
 */
final class PairedDifferences {
    private PairedDifferences() {}

    /**
     * Every adaptive method against AdaBayes and AdaBayes-FP (the paper's comparison), and every
     * variant (AdamW+NAWD, Adam+centred, ...) against its own optimizer's paper rule, the
     * comparison the 2018 suggestions need.
     */
    static List<Table1.Paired> of(Map<Group, Map<Method, List<RunSummary>>> byGroup,
            List<Group> groups, Reduction reduction) {
        List<Table1.Paired> out = new ArrayList<>();
        for (Group g : groups) {
            Map<Method, List<RunSummary>> m = byGroup.get(g);
            for (Method ref : references()) {
                for (Method o : m.keySet()) {
                    if (o.isAdaptive() && !o.equals(ref)) {
                        pair(out, g, m, o, ref, reduction);
                    }
                }
            }
            for (Method o : m.keySet()) {
                Method paper = o.paperRule();
                if (!o.isPaperRule() && !references().contains(paper)) {
                    pair(out, g, m, o, paper, reduction);
                }
            }
        }
        return out;
    }

    private static void pair(List<Table1.Paired> out, Group g, Map<Method, List<RunSummary>> m,
            Method o, Method ref, Reduction reduction) {
        Map<Long, RunSummary> refRuns = complete(m.get(ref));
        Map<Long, RunSummary> mine = complete(m.get(o));
        for (Metric metric : Metric.values()) {
            List<Double> d = new ArrayList<>();
            for (Map.Entry<Long, RunSummary> e : mine.entrySet()) {
                RunSummary r = refRuns.get(e.getKey());
                if (r != null) {
                    d.add(e.getValue().metric(metric, reduction) - r.metric(metric, reduction));
                }
            }
            if (d.size() >= 2) {
                out.add(new Table1.Paired(g, metric, o, ref, d.size(), Stats.mean(d),
                        Stats.sampleStd(d) / Math.sqrt(d.size())));
            }
        }
    }

    /** The AdaBayes family, the paper's own method first (the registry lists it last). */
    private static List<Method> references() {
        return List.of(Method.paperRule("adabayes"), Method.paperRule("adabayes-fp"));
    }

    private static Map<Long, RunSummary> complete(List<RunSummary> runs) {
        Map<Long, RunSummary> m = new TreeMap<>();
        if (runs != null) {
            runs.stream().filter(r -> r.status() == RunState.COMPLETE && r.limited() == null)
                    .forEach(r -> m.put(r.seed(), r));
        }
        return m;
    }
}
