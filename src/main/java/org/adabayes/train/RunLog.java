package org.adabayes.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A run's console lines, also kept in its directory's log.txt (epoch lines, warnings, the
 * interruption line, resume notes), appended across invocations so the file tells the run's whole
 * story. Until the run has checked its input and begun ({@link #attach}) the lines are held in
 * memory, so a start refused on bad input writes nothing into the directory. In the file each line
 * starts with the time, and {@link #note} adds lines for the file alone (which process started or
 * resumed the run, which signal stopped it). Progress bars go to the console only; a log of
 * carriage returns helps nobody.
 */
final class RunLog extends PrintStream {
    private final PrintStream console;
    private final Tee tee;

    private RunLog(PrintStream console, Tee tee) {
        super(tee, true, StandardCharsets.UTF_8);
        this.console = console;
        this.tee = tee;
    }

    static RunLog over(PrintStream console) {
        return new RunLog(console, new Tee(console));
    }

    /** The console alone (for the progress bar). */
    PrintStream console() {
        return console;
    }

    /** A line for log.txt alone (once attached; before that it is dropped). */
    void note(String line) {
        flush();
        tee.note(line + System.lineSeparator());
    }

    /** From now on lines go to {@code file} too (appended), the held ones first. */
    void attach(Path file) throws IOException {
        flush();
        tee.attach(file);
    }

    @Override
    public void close() {
        flush();
        tee.detach();
    }

    /** Writes to the console and, once attached, to the file; holds what comes before that. */
    private static final class Tee extends OutputStream {
        private final PrintStream console;
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        private OutputStream file;
        private boolean lineStart = true;

        Tee(PrintStream console) {
            this.console = console;
        }

        synchronized void attach(Path f) throws IOException {
            if (file != null) {
                return;
            }
            file = Files.newOutputStream(f, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            byte[] before = held.toByteArray();
            held.reset();
            toFile(before, 0, before.length);
            file.flush();
        }

        synchronized void detach() {
            if (file != null) {
                try {
                    file.close();
                } catch (IOException e) {
                    // the log is a convenience; the run's results do not depend on it
                }
                file = null;
            }
        }

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        synchronized void note(String line) {
            if (file != null) {
                byte[] b = line.getBytes(StandardCharsets.UTF_8);
                try {
                    toFile(b, 0, b.length);
                    file.flush();
                } catch (IOException e) {
                    // the log is a convenience; the run's results do not depend on it
                }
            }
        }

        /** Bytes to the file, each line started with the time. */
        private void toFile(byte[] b, int off, int len) throws IOException {
            int from = off;
            for (int i = off; i < off + len; i++) {
                if (lineStart) {
                    file.write(b, from, i - from);
                    from = i;
                    file.write(("[" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] ")
                            .getBytes(StandardCharsets.UTF_8));
                    lineStart = false;
                }
                if (b[i] == '\n') {
                    lineStart = true;
                }
            }
            file.write(b, from, off + len - from);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            console.write(b, off, len);
            if (file != null) {
                toFile(b, off, len);
            } else {
                held.write(b, off, len);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            console.flush();
            if (file != null) {
                file.flush();
            }
        }
    }
}
