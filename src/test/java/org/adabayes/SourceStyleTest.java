package org.adabayes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tree's layout rules, enforced by the build: lines of at most 100 characters, spaces not
 * tabs, and a package-info.java in every main package. There is no cap on a file's length: a file
 * ends where its concept ends (a rule that reads top to bottom beats two halves that call back
 * into each other), which a line count cannot judge.
 */
class SourceStyleTest {
    @Test
    void javaSourcesKeepTheLineRules() throws IOException {
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i);
                    if (l.length() > 100 || l.contains("\t") || l.endsWith(" ")) {
                        bad.add(f + ":" + (i + 1));
                    }
                }
            }
        }
        assertEquals(List.of(), bad, "lines over 100 characters, with tabs or trailing spaces");
    }

    @Test
    void everyMainPackageSaysWhatItOwns() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Path.of("src/main/java/org/adabayes"))) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                if (!Files.exists(d.resolve("package-info.java"))) {
                    missing.add(d.toString());
                }
            }
        }
        assertEquals(List.of(), missing);
    }
}
