package org.adabayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README is for users and stays short, its test command is the one CI runs, and no link in it
 * or in docs/ points at a file or an anchor that is not there (the lab notebook moved to docs/
 * and must stay reachable).
 */
class DocsTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern ID = Pattern.compile("<a id=\"([^\"]+)\"");

    @Test
    void theReadmeIsShortAndItsTestCommandIsWhatCiRuns() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        assertTrue(readme.size() <= 200, "README.md has " + readme.size() + " lines");
        String ci = Files.readAllLines(Path.of(".ci/run")).stream()
                .filter(l -> l.startsWith("mvn ")).reduce((a, b) -> b).orElseThrow();
        String test = readme.stream().filter(l -> l.startsWith("mvn "))
                .map(l -> l.replaceAll("\\s+#.*", "")).findFirst().orElseThrow();
        assertEquals(ci.strip(), test.strip(), "README's test command is .ci/run's");
        assertTrue(readme.stream().limit(15).anyMatch(l -> l.startsWith("scripts/demo.sh")),
                "the main command is on the first screen");
    }

    @Test
    void everyLinkInTheReadmeAndDocsResolves() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page
                        : page.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(page + ": " + target + " (no such anchor)");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /** GitHub's heading anchors and explicit {@code <a id>}s of a page. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> out = new HashSet<>();
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("#")) {
                out.add(line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
            Matcher id = ID.matcher(line);
            while (id.find()) {
                out.add(id.group(1));
            }
        }
        return out;
    }
}
