package org.adabayes.engine;

import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Keeps libtorch's own C++ warnings ("AutoNonVariableTypeMode is deprecated", "Could not
 * initialize NNPACK") out of what a user reads: native code writes them straight to file
 * descriptor 2, where no Java logging setting reaches. Descriptor 2 is pointed at a pipe whose
 * reader passes every line to the real stderr except those, in order with the tool's own lines;
 * at exit the pipe is drained before the JVM ends. ADABAYES_NATIVE_LOG=1 leaves stderr alone.
 */
public final class NativeStderr {
    /** libtorch's log prefix: [W1124 03:15:29.807 LegacyTypeDispatch.h:74] . */
    static final Pattern LIBTORCH = Pattern.compile("^\\[[WI]\\d{4} [0-9:.]+ [\\w.]+:\\d+\\] ");
    private static boolean installed;

    /** libc, by direct mapping. */
    private static final class C {
        static {
            Native.register("c");
        }

        static native int pipe(int[] fds);

        static native int dup(int fd);

        static native int dup2(int from, int to);

        static native int close(int fd);

        static native long read(int fd, byte[] buf, long n);

        static native long write(int fd, byte[] buf, long n);
    }

    private NativeStderr() {}

    /** Installs the filter once per process; a platform without libc keeps stderr as it is. */
    public static synchronized void filter() {
        if (installed || System.getenv("ADABAYES_NATIVE_LOG") != null) {
            return;
        }
        installed = true;
        try {
            int[] fds = new int[2];
            int original = C.dup(2);
            if (original < 0 || C.pipe(fds) != 0 || C.dup2(fds[1], 2) < 0) {
                return;
            }
            C.close(fds[1]);
            Thread reader = new Thread(() -> pump(fds[0], original), "stderr-filter");
            reader.setDaemon(true);
            reader.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.err.flush();
                C.dup2(original, 2);   // the pipe's last writer goes: the reader sees its end
                try {
                    reader.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stderr-drain"));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // no libc to call: stderr stays unfiltered, which loses nothing
        }
    }

    private static void pump(int in, int out) {
        byte[] buf = new byte[8192];
        StringBuilder line = new StringBuilder();
        long n;
        while ((n = C.read(in, buf, buf.length)) > 0) {
            String s = new String(buf, 0, (int) n, StandardCharsets.UTF_8);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                line.append(c);
                if (c == '\n') {
                    emit(line.toString(), out);
                    line.setLength(0);
                }
            }
        }
        if (line.length() > 0) {
            emit(line.toString(), out);
        }
        C.close(in);
    }

    private static void emit(String line, int out) {
        if (!LIBTORCH.matcher(line).find()) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            C.write(out, b, b.length);
        }
    }
}
