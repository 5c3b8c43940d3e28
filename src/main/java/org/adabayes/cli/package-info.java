/**
 * The {@code adabayes} command line: one picocli class per subcommand, output through the command
 * spec's writers so tests can capture it, and one place that maps failures to exit codes.
 */
package org.adabayes.cli;
