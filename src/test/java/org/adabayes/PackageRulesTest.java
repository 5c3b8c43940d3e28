package org.adabayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each package's package-info states what it may import ("May import: ..."); this holds every
 * source file to it, and the stated graph to one way (no cycles), so the layering that
 * docs/architecture.md describes cannot drift silently.
 */
class PackageRulesTest {
    private static final Path ROOT = Path.of("src/main/java/org/adabayes");
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?org\\.adabayes\\.([a-z]+)\\.", Pattern.MULTILINE);
    private static final Pattern MAY = Pattern.compile("May import: ([^.(]*)");
    /** A name written out in full outside an import line, in code or in javadoc. */
    private static final Pattern INLINE =
            Pattern.compile("(?<![\\w.])org\\.adabayes\\.([a-z]+)\\.[A-Za-z]");

    static Map<String, Set<String>> allowed() throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(ROOT)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                String info = Files.readString(d.resolve("package-info.java"))
                        .replaceAll("\\s*\\n\\s*\\*\\s*", " ");
                Matcher m = MAY.matcher(info);
                assertTrue(m.find(), d + "/package-info.java says what the package may import");
                Set<String> may = new TreeSet<>();
                for (String p : m.group(1).split(",")) {
                    may.add(p.trim().split(" ")[0]);
                }
                out.put(d.getFileName().toString(), may);
            }
        }
        return out;
    }

    @Test
    void everyImportIsOneItsPackageMayMake() throws IOException {
        Map<String, Set<String>> allowed = allowed();
        List<String> bad = new ArrayList<>();
        for (String pkg : allowed.keySet()) {
            Set<String> may = allowed.get(pkg);
            boolean all = may.contains("every");
            try (Stream<Path> files = Files.list(ROOT.resolve(pkg))) {
                for (Path f : files.toList()) {
                    Matcher m = IMPORT.matcher(Files.readString(f));
                    while (m.find()) {
                        String to = m.group(1);
                        if (!to.equals(pkg) && !all && !may.contains(to)) {
                            bad.add(f + " imports " + to);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    /**
     * A fully-qualified name written inline is a dependency as much as an import is: each is one
     * its package may make, and code imports it instead (so the import lines show every
     * dependency at a glance); javadoc may name a class in full.
     */
    @Test
    void everyInlineNameIsOneItsPackageMayMakeAndCodeImportsIt() throws IOException {
        Map<String, Set<String>> allowed = allowed();
        List<String> bad = new ArrayList<>();
        for (String pkg : allowed.keySet()) {
            Set<String> may = allowed.get(pkg);
            boolean all = may.contains("every");
            try (Stream<Path> files = Files.list(ROOT.resolve(pkg))) {
                for (Path f : files.toList()) {
                    int n = 0;
                    for (String line : Files.readAllLines(f)) {
                        n++;
                        String t = line.trim();
                        if (t.startsWith("import ") || t.startsWith("package ")) {
                            continue;
                        }
                        boolean doc = t.startsWith("*") || t.startsWith("/*")
                                || t.startsWith("//");
                        Matcher m = INLINE.matcher(line.replaceAll("\"[^\"]*\"", "\"\""));
                        while (m.find()) {
                            String to = m.group(1);
                            if (!to.equals(pkg) && !all && !may.contains(to)) {
                                bad.add(f + ":" + n + " names " + to);
                            } else if (!doc) {
                                bad.add(f + ":" + n + " writes org.adabayes." + to
                                        + " inline (import it)");
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void theStatedGraphHasNoCycle() throws IOException {
        Map<String, Set<String>> allowed = allowed();
        allowed.put("cli", new TreeSet<>(allowed.keySet()));
        allowed.get("cli").remove("cli");
        Set<String> done = new HashSet<>();
        for (String p : allowed.keySet()) {
            visit(p, allowed, new ArrayList<>(), done);
        }
    }

    private static void visit(String p, Map<String, Set<String>> g, List<String> path,
            Set<String> done) {
        assertTrue(!path.contains(p), "import cycle: " + path + " -> " + p);
        if (done.contains(p)) {
            return;
        }
        path.add(p);
        for (String q : g.getOrDefault(p, Set.of())) {
            if (g.containsKey(q)) {
                visit(q, g, path, done);
            }
        }
        path.remove(path.size() - 1);
        done.add(p);
    }
}
