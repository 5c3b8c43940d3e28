package org.adabayes.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.adabayes.config.ConfigException;
import org.adabayes.data.DataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The top command. Exit codes: 0 ok, 1 a run failed, 2 bad input (one line naming the file, field
 * and problem; {@code --verbose} adds the stack trace), 3 a run diverged.
 */
@Command(name = "adabayes", mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Reproduce the CIFAR experiments of the AdaBayes paper, and go beyond them.",
        subcommands = {TrainCommand.class, ReplayCommand.class, TableCommand.class,
            PlotCommand.class, SweepCommand.class, NqmCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Offline.force();
        System.exit(run(args, new PrintWriter(System.out, true),
                new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given writers; used by main and by tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Offline.force();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        boolean verbose = Arrays.asList(args).contains("--verbose");
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable e = ex;
            if (e instanceof UncheckedIOException u && u.getCause() != null) {
                e = u.getCause();
            }
            int code = e instanceof ConfigException || e instanceof DataException
                    || e instanceof IllegalArgumentException ? 2 : 1;
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof IOException && code == 1) {
                msg = "I/O error: " + msg;
            }
            err.println("adabayes: " + msg);
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return code;
        });
        cl.setParameterExceptionHandler((ex, args2) -> {
            err.println("adabayes: " + ex.getMessage());
            err.println("Try 'adabayes " + (ex.getCommandLine().getCommandName().equals("adabayes")
                    ? "" : ex.getCommandLine().getCommandName() + " ") + "--help'.");
            err.flush();
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
