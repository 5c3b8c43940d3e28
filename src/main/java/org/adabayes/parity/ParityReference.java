package org.adabayes.parity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.UserInputException;

/**
 * The project's PyTorch reference (scripts/parity: kuangliu's networks, torch.optim, the authors'
 * rules), shipped inside the jar and run with Debian's Python. It is a verification tool only:
 * training never needs Python. The scripts are copied next to the files they read, so a parity
 * directory records which reference produced it.
 */
public final class ParityReference {
    /** The interpreter: $ADABAYES_PYTHON, else Debian's, whose python3-torch the docs name. */
    public static final String DEFAULT_PYTHON = "/usr/bin/python3";
    static final String APT = "apt-get install python3-torch python3-numpy";
    private static final List<String> SCRIPTS = List.of("reference.py", "models.py",
            "optimizers.py", "datasets.py", "bench_torch.py");

    /** Interpreters already seen to import torch, so a test run checks each once. */
    private static final java.util.Set<String> CHECKED =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final String python;
    private final Path scripts;

    private ParityReference(String python, Path scripts) {
        this.python = python;
        this.scripts = scripts;
    }

    /**
     * Null when the interpreter imports torch and numpy, else why not, in one line naming the
     * packages to install (a benchmark then runs the harness side alone).
     */
    public static String missingTorch(String python, Path dir) throws IOException {
        if (CHECKED.contains(python)) {
            return null;
        }
        Files.createDirectories(dir);
        Result r = exec(List.of(python, "-c", "import torch, numpy"), dir, 120);
        if (r.code() != 0) {
            return "PyTorch not found for " + python + " (" + r.lastLine() + "): " + APT
                    + ", or set ADABAYES_PYTHON";
        }
        CHECKED.add(python);
        return null;
    }

    /** The interpreter: -Dadabayes.python, else $ADABAYES_PYTHON, else Debian's. */
    public static String python() {
        String p = System.getProperty("adabayes.python", System.getenv("ADABAYES_PYTHON"));
        return p == null || p.isBlank() ? DEFAULT_PYTHON : p;
    }

    /**
     * Checks that the interpreter imports torch and numpy, and unpacks the scripts into
     * {@code dir/reference}.
     *
     * @throws UserInputException naming the apt packages when PyTorch is not there
     */
    public static ParityReference prepare(String python, Path dir) throws IOException {
        String missing = missingTorch(python, dir);
        if (missing != null) {
            throw new UserInputException("parity: " + missing);
        }
        Path scripts = dir.resolve("reference");
        Files.createDirectories(scripts);
        for (String s : SCRIPTS) {
            try (InputStream in = ParityReference.class.getResourceAsStream(
                    "/org/adabayes/parity/" + s)) {
                if (in == null) {
                    throw new IllegalStateException("the jar lacks the parity reference " + s);
                }
                AtomicFiles.write(scripts.resolve(s), in::transferTo);
            }
        }
        return new ParityReference(python, scripts);
    }

    /** One of the unpacked scripts. */
    public Path script(String name) {
        return scripts.resolve(name);
    }

    /** Runs {@code reference.py ARGS...}; a bad input it reports is a user-input error. */
    public String run(Path workDir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(python, scripts.resolve("reference.py")
                .toString()));
        cmd.addAll(List.of(args));
        Result r = exec(cmd, workDir, 1800);
        if (r.code() == 2) {
            throw new UserInputException("PyTorch reference: " + r.lastLine());
        }
        if (r.code() != 0) {
            throw new IOException("PyTorch reference failed (exit " + r.code() + "): "
                    + r.lastLine());
        }
        return r.output();
    }

    private record Result(int code, String output) {
        String lastLine() {
            List<String> lines = output.strip().lines().toList();
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        }
    }

    private static Result exec(List<String> cmd, Path dir, int timeoutSeconds)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null && Files.isDirectory(dir)) {
            pb.directory(dir.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(127, cmd.get(0) + " cannot be run: " + e.getMessage());
        }
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": no answer in "
                        + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while the PyTorch reference ran", e);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
