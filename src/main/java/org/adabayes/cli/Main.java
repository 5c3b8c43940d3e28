package org.adabayes.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.adabayes.config.DeviceChoice;
import org.adabayes.doctor.Doctor;
import org.adabayes.engine.NativeStderr;
import org.adabayes.engine.Natives;
import org.adabayes.engine.Offline;
import org.adabayes.io.UserInputException;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.optim.PaperNetwork;
import org.adabayes.report.Reduction;
import org.adabayes.report.Table1Format;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * The top command; it maps what a command returns or throws to an {@link ExitCode} ({@code
 * --verbose} adds the stack trace to a one-line error). The global
 * options are declared here once and inherited by every subcommand.
 */
@Command(name = "adabayes", mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Reproduce the CIFAR experiments of the AdaBayes paper, and go beyond them.",
        subcommands = {TrainCommand.class, SweepCommand.class, TableCommand.class,
            PlotCommand.class, ParityCommand.class, ExportCommand.class, ReplayCommand.class,
            NqmCommand.class, BenchCommand.class, DoctorCommand.class})
public final class Main implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "No progress bars.")
    boolean quiet;

    public static void main(String[] args) {
        Offline.force();
        NativeStderr.filter();
        String note = Natives.select();
        if (note != null) {
            System.err.println("adabayes: " + note);
        }
        System.exit(run(args, new PrintWriter(System.out, true),
                new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given writers; used by main and by tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Offline.force();
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(OptimizerKind.class, name -> {
            try {
                return OptimizerKind.byName(name);
            } catch (UserInputException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        });
        for (Class<? extends Enum<?>> e : List.of(Table1Format.class, Reduction.class,
                PaperNetwork.class, DeviceChoice.class, ParityCommand.Precision.class,
                Doctor.Fault.class)) {
            registerLowerCase(cl, e);
        }
        cl.setExitCodeExceptionMapper(ex -> ExitCode.of(ex).code());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable e = ExitCode.unwrap(ex);
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof IOException) {
                msg = "I/O error: " + msg;
            }
            err.println("adabayes: " + msg);
            if (main.verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCode.of(e).code();
        });
        cl.setParameterExceptionHandler((ex, args2) -> {
            err.println("adabayes: " + ex.getMessage() + suggestion(ex) + " (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return ExitCode.BAD_INPUT.code();
        });
        return cl.execute(args);
    }

    /** A mistyped command or option's nearest names, as picocli finds them. */
    private static String suggestion(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u
                && !u.getSuggestions().isEmpty()) {
            return "; did you mean " + u.getSuggestions().stream().limit(3)
                    .map(s -> "'" + s + "'").collect(Collectors.joining(" or ")) + "?";
        }
        return "";
    }

    /** An enum option typed in lower case, with the lower-case names in its error. */
    private static <E extends Enum<E>> void registerLowerCase(CommandLine cl,
            Class<? extends Enum<?>> type) {
        @SuppressWarnings("unchecked")
        Class<E> t = (Class<E>) type;
        E[] all = t.getEnumConstants();
        cl.registerConverter(t, text -> {
            for (E e : all) {
                if (e.name().equalsIgnoreCase(text.replace('-', '_'))) {
                    return e;
                }
            }
            throw new CommandLine.TypeConversionException("expected one of "
                    + Arrays.stream(all).map(Object::toString).collect(Collectors.joining(", "))
                    + ", got '" + text + "'");
        });
    }

    /** No command given: the usage, on stderr, as a bad command line (exit 2). */
    @Override
    public Integer call() {
        return usageError(spec);
    }

    /** A command that needs a subcommand and got none: its usage on stderr, exit 2. */
    static int usageError(CommandLine.Model.CommandSpec spec) {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.BAD_INPUT.code();
    }
}
