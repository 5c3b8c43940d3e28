package org.adabayes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import org.adabayes.cli.CliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line where a user gets it wrong: a command that needs a subcommand and got none is
 * a bad command line (usage on stderr, exit 2), a mistyped command is named with its nearest
 * match, and {@code sweep --set} overrides what every run shares but never a swept key.
 */
class UsageTest {
    @TempDir
    Path tmp;

    @Test
    void noCommandIsUsageOnStderrAndExitTwo() {
        for (String[] args : new String[][] {{}, {"bench"}}) {
            Result r = CliTest.run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertEquals("", r.out(), "nothing on stdout");
            assertTrue(r.err().startsWith("Usage: adabayes"), r.err());
        }
        Result help = CliTest.run("--help");
        assertEquals(0, help.code(), "asking for help is not an error");
        assertTrue(help.out().startsWith("Usage: adabayes"));
    }

    /**
     * Every option and parameter of every command says what it is, and one with a default that
     * is not a switch says its default.
     */
    @Test
    void everyOptionIsDescribedWithItsDefault() {
        List<String> missing = new ArrayList<>();
        Deque<CommandLine> todo = new ArrayDeque<>(List.of(new CommandLine(new Main())));
        while (!todo.isEmpty()) {
            CommandLine cl = todo.pop();
            todo.addAll(cl.getSubcommands().values());
            CommandSpec spec = cl.getCommandSpec();
            List<ArgSpec> args = new ArrayList<>(spec.options());
            args.addAll(spec.positionalParameters());
            for (ArgSpec a : args) {
                if (a.hidden() || a.inherited()) {
                    continue;
                }
                String name = spec.qualifiedName() + " " + (a instanceof OptionSpec o
                        ? o.longestName() : a.paramLabel());
                String text = String.join(" ", a.description());
                if (text.isBlank()) {
                    missing.add(name + ": no description");
                } else if (a.defaultValue() != null && a.arity().max() > 0
                        && !a.typeInfo().isBoolean() && !text.contains("default")) {
                    missing.add(name + ": says no default (" + a.defaultValue() + ")");
                }
            }
        }
        assertEquals(List.of(), missing);
        Result nqm = CliTest.run("nqm", "--help");
        assertTrue(nqm.out().contains("(default 3)") && nqm.out().contains("(default 0.01)"),
                nqm.out());
    }

    @Test
    void aMistypedCommandIsNamedWithItsNearestMatch() {
        Result r = CliTest.run("tabel", "results");
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("did you mean 'table'"), r.err());
    }

    @Test
    void sweepSetOverridesTheSharedFieldsButNotAnAxis() throws IOException {
        Path grid = tmp.resolve("g.yaml");
        Files.writeString(grid, """
                base:
                  dataset: {name: synthetic, dir: %s, trainSubset: 64, testSubset: 16}
                  model: {name: resnet18, width: 0.0625}
                  schedule: {epochs: 3}
                  batchSize: 32
                axes:
                  optimizer.name: [sgd, adam]
                seeds: [1]
                """.formatted(tmp.resolve("data")));
        Result r = CliTest.run("sweep", grid.toString(), "--dry-run", "--set",
                "schedule.epochs=1", "--out", tmp.resolve("s").toString());
        assertEquals(0, r.code(), r.err());
        Result expanded = CliTest.run("sweep", grid.toString(), "--set", "schedule.epochs=1",
                "--expand-to", tmp.resolve("x").toString(), "--out", tmp.resolve("s").toString());
        assertEquals(0, expanded.code(), expanded.err());
        try (var files = Files.list(tmp.resolve("x"))) {
            for (Path f : files.toList()) {
                assertTrue(Files.readString(f).contains("epochs: 1"), f.toString());
            }
        }
        Result axis = CliTest.run("sweep", grid.toString(), "--dry-run", "--set",
                "optimizer.name=sgd", "--out", tmp.resolve("s").toString());
        assertEquals(2, axis.code());
        assertEquals("adabayes: --set optimizer.name=sgd: optimizer.name is swept by the grid "
                + "(use --only optimizer.name=VALUE to keep some of its values)\n", axis.err());
        Result bad = CliTest.run("sweep", grid.toString(), "--dry-run", "--set",
                "schedule.epochs=0", "--out", tmp.resolve("s").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--set schedule.epochs=0"), bad.err());
    }
}
