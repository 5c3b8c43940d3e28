/**
 * The {@code adabayes} command line: one picocli class per subcommand, output through the command
 * spec's writers so tests can capture it, and one place ({@link org.adabayes.cli.ExitCode}) that
 * decides exit codes.
 *
 * <p>May import: every other package (it is the top).
 */
package org.adabayes.cli;
