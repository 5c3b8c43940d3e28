package org.adabayes.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.adabayes.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every committed result set's table1.md and table1.csv, rebuilt by {@code adabayes table} from
 * its run directories as scripts/demo.sh builds them, is byte for byte the committed file: a
 * change to the grouping, the statistics or the CSV writer that moves a number or a character
 * shows here.
 */
class CommittedTablesTest {
    @TempDir
    Path tmp;

    @Test
    void everyCommittedTableIsRebuiltByteForByte() throws IOException {
        List<Path> sets;
        try (Stream<Path> s = Files.list(Path.of("results"))) {
            sets = s.filter(d -> Files.exists(d.resolve("table1.md"))).sorted().toList();
        }
        assertFalse(sets.isEmpty(), "results/ holds committed tables");
        for (Path set : sets) {
            for (String format : List.of("md", "csv")) {
                Path committed = set.resolve("table1." + format);
                if (!Files.exists(committed)) {
                    continue;
                }
                Path rebuilt = tmp.resolve(set.getFileName() + "." + format);
                StringWriter err = new StringWriter();
                int code = Main.run(new String[] {"table", set.toString(), "--format", format,
                    "--out", rebuilt.toString()}, new PrintWriter(new StringWriter(), true),
                        new PrintWriter(err, true));
                assertEquals(0, code, set + ": " + err);
                assertArrayEquals(Files.readAllBytes(committed), Files.readAllBytes(rebuilt),
                        committed + " differs from the rebuilt table:\n"
                                + Files.readString(rebuilt));
            }
        }
    }
}
