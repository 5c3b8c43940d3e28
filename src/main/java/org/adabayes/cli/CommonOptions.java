package org.adabayes.cli;

import picocli.CommandLine.Option;

/** Options every subcommand shares. */
public class CommonOptions {
    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars.")
    boolean quiet;
}
