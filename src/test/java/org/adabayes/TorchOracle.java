package org.adabayes;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.adabayes.parity.ParityReference;

/**
 * Debian's PyTorch as the tests' oracle. Where it is missing, a test is skipped with the apt
 * command that installs it; under CI (CI=true), where .ci/run installs it, a missing PyTorch fails
 * the suite instead, so parity can never silently stop being checked.
 */
public final class TorchOracle {
    private static Boolean available;

    private TorchOracle() {}

    /** Skips (locally) or fails (CI) unless the parity reference's Python imports torch. */
    public static synchronized void require() {
        if (available == null) {
            try {
                available = run(List.of(ParityReference.python(), "-c",
                        "import torch, numpy")).startsWith("0:");
            } catch (IOException e) {
                available = false;
            }
        }
        String why = "PyTorch not found for " + ParityReference.python()
                + ": apt-get install python3-torch python3-numpy";
        if (!available && "true".equals(System.getenv("CI"))) {
            fail(why + " (CI must run the parity tests)");
        }
        assumeTrue(available, why);
    }

    /** Runs the reference script; returns "exit:output". */
    public static String reference(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ParityReference.python(),
                Path.of("scripts/parity/reference.py").toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + cmd);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return p.exitValue() + ":" + out;
    }
}
