package org.adabayes.train;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT, SIGTERM and SIGUSR1 as a request to stop at the next step boundary. The JVM's own
 * handling of SIGINT and SIGTERM runs the shutdown hooks at once, on another thread, while the
 * training thread may be inside a libtorch call; DJL's hooks then free native memory under that
 * call, which is how Ctrl-C used to end in a SIGSEGV inside libtorch_cpu.so. Here the handler
 * only records the first signal; the run loop reads it between steps, checkpoints mid-epoch and
 * returns, and {@code main} exits with the signal's code once every native array is closed.
 * SIGUSR1 is what Slurm sends ahead of a time limit or a preemption ({@code --signal=B:USR1@S}):
 * its exit code asks the batch script to requeue the task.
 */
public final class StopSignals implements AutoCloseable {
    /** A stop request and the exit code it ends the process with. */
    public enum Kind {
        INT(130),
        TERM(143),
        USR1(138);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        /** 128 + the signal number, as a shell reports a process the signal ended. */
        public int exitCode() {
            return exitCode;
        }

        public String signalName() {
            return "SIG" + name();
        }
    }

    /** Process-wide, as signals are; the first signal wins and later ones change nothing. */
    private static volatile Kind requested;

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopSignals() {}

    /**
     * Routes the three signals to the flag until {@link #close}. A signal the process ignored when
     * it started (SIGINT in a background job of a non-interactive shell) stays ignored: the JVM
     * keeps the inherited disposition.
     */
    public static StopSignals install() {
        requested = null;
        StopSignals s = new StopSignals();
        for (Kind k : Kind.values()) {
            Signal sig = new Signal(k.name());
            try {
                s.previous.add(Signal.handle(sig, x -> {
                    if (requested == null) {
                        requested = k;
                    }
                }));
                s.signals.add(sig);
            } catch (IllegalArgumentException e) {
                // a signal the VM reserves on this platform (e.g. -Xrs): it keeps its default
            }
        }
        return s;
    }

    /** The signal that asked the run to stop, or null. */
    public static Kind requested() {
        return requested;
    }

    /** Restores the handlers that were there before and forgets the request. */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
        requested = null;
    }
}
