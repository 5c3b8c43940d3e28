package org.adabayes.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.adabayes.config.Method;
import org.adabayes.io.UserInputException;

/**
 * Runs by (dataset, model) and then by method: the table and the figures must agree on what a group
 * is, and the table must refuse to average runs of different protocols as if they were seeds of
 * one experiment.
 */
final class RunGroups {
    private static final List<String> PAPER_ORDER = List.of("cifar10|resnet34",
            "cifar10|densenet121", "cifar100|resnet34", "cifar100|densenet121");

    private RunGroups() {}

    /** Groups in the order the runs came, methods in the registry's order within each. */
    static Map<Group, Map<Method, List<RunSummary>>> byGroup(List<RunSummary> runs) {
        Map<Group, Map<Method, List<RunSummary>>> byGroup = new LinkedHashMap<>();
        for (RunSummary r : runs) {
            byGroup.computeIfAbsent(Group.of(r), g -> new TreeMap<>())
                    .computeIfAbsent(r.optimizer(), o -> new ArrayList<>()).add(r);
        }
        return byGroup;
    }

    /** The paper's columns in the paper's order, so the two tables read side by side. */
    static List<Group> paperOrder(Set<Group> groups) {
        List<Group> sorted = new ArrayList<>(groups);
        sorted.sort(Comparator.comparingInt((Group g) -> {
            int i = PAPER_ORDER.indexOf(g.dataset() + "|" + g.model());
            return i < 0 ? PAPER_ORDER.size() : i;
        }).thenComparing(Group::dataset).thenComparing(Group::model));
        return sorted;
    }

    static void checkProtocols(Map<Group, Map<Method, List<RunSummary>>> byGroup) {
        for (Map.Entry<Group, Map<Method, List<RunSummary>>> e : byGroup.entrySet()) {
            Set<String> protocols = new TreeSet<>();
            e.getValue().values().forEach(l -> l.forEach(r -> protocols.add(r.protocol())));
            if (protocols.size() > 1) {
                throw new UserInputException(e.getKey().title() + ": runs with different "
                        + "protocols in one group (" + String.join(" | ", protocols)
                        + "); pass --allow-mixed to table them anyway");
            }
        }
    }
}
