package org.adabayes.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.adabayes.io.UserInputException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: its options are all checked ({@link #validate}) before any work
 * starts, its output goes through picocli's writers (so tests capture it), and it reads the global
 * options declared once on {@link Main}.
 */
abstract class Subcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Range checks of the options; throws {@link UserInputException} naming the option. */
    protected void validate() {}

    /** The work, once every option is known to be good; how it ended. */
    protected abstract ExitCode execute() throws Exception;

    @Override
    public final Integer call() throws Exception {
        validate();
        ExitCode code = execute();
        out().flush();
        return code.code();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The error writer as a stream, for the training loop's log lines. */
    PrintStream log() {
        return new PrintStream(new WriterOutputStream(spec.commandLine().getErr()), true,
                StandardCharsets.UTF_8);
    }

    boolean quiet() {
        return ((Main) spec.root().userObject()).quiet;
    }

    /** Throws the one-line error of an option out of range. */
    static void require(boolean ok, String option, String problem) {
        if (!ok) {
            throw new UserInputException(option + ": " + problem);
        }
    }
}
