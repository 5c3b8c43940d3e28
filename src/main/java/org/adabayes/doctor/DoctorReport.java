package org.adabayes.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The doctor's report as lines a script can read back (a cluster job that runs the doctor before
 * its sweep, a test): one line per check, {@code PASS name: detail} or {@code FAIL name: detail},
 * and a last line {@code verdict: PASS (n checks)} or {@code verdict: FAIL: name; name}. A
 * check's name holds no ": ".
 */
public final class DoctorReport {
    private static final Pattern CHECK = Pattern.compile("^(PASS|FAIL) (.+?): (.*)$");
    private static final Pattern VERDICT = Pattern.compile("^verdict: (PASS|FAIL)\\b.*$");

    /**
     * A report read back.
     *
     * @param checks every check line, in order
     * @param passed the verdict (null when the report has no verdict line: it was cut short)
     */
    public record Parsed(List<Check> checks, Boolean passed) {
        /** The names of the checks that failed. */
        public List<String> failed() {
            return checks.stream().filter(c -> !c.passed()).map(Check::name).toList();
        }
    }

    private DoctorReport() {}

    static String line(Check c) {
        return (c.passed() ? "PASS " : "FAIL ") + c.name() + ": " + c.detail();
    }

    static String verdict(List<Check> checks) {
        List<String> failed = checks.stream().filter(c -> !c.passed()).map(Check::name)
                .toList();
        return failed.isEmpty() ? "verdict: PASS (" + checks.size() + " checks)"
                : "verdict: FAIL: " + failed.stream().collect(Collectors.joining("; "));
    }

    /** Reads a report's check lines and verdict (other lines, the facts, are skipped). */
    public static Parsed parse(String text) {
        List<Check> checks = new ArrayList<>();
        Boolean passed = null;
        for (String l : text.split("\\R")) {
            Matcher v = VERDICT.matcher(l);
            if (v.matches()) {
                passed = v.group(1).equals("PASS");
                continue;
            }
            Matcher m = CHECK.matcher(l);
            if (m.matches()) {
                checks.add(new Check(m.group(2), m.group(1).equals("PASS"), m.group(3)));
            }
        }
        return new Parsed(checks, passed);
    }
}
