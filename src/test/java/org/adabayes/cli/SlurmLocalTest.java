package org.adabayes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slurm path on a real Slurm: {@code scripts/slurm/test-local.sh} submits a small sweep as an
 * array through {@code sweep.sbatch} to a one-node cluster on this machine, requeues one task and
 * sends another the time-limit signal, and compares every result with a local sweep. Where Slurm
 * cannot be installed or started (the script exits 77: not root, no apt) the test is skipped;
 * under CI (CI=true), where .ci/run installs Slurm, that fails the suite instead, so the Slurm
 * path can never silently stop being checked.
 */
class SlurmLocalTest {
    /** test-local.sh's answer when this machine cannot run a local Slurm. */
    private static final int NO_SLURM = 77;

    @TempDir
    Path tmp;

    @Test
    void anArrayWithARequeuedAndASignalledTaskEndsExactlyAsALocalSweep()
            throws IOException, InterruptedException {
        Path out = tmp.resolve("test-local.log");
        Process p = TestLauncher.bash("1g", "scripts/slurm/test-local.sh")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(12, TimeUnit.MINUTES)) {
            // the script's own EXIT trap cancels its jobs and stops the cluster it started
            p.destroy();
            p.waitFor(60, TimeUnit.SECONDS);
            fail("test-local.sh did not finish in 12 minutes: " + Files.readString(out));
        }
        String log = Files.readString(out, StandardCharsets.UTF_8);
        // what the script checked, in the build's log
        log.lines().filter(l -> l.startsWith("test-local: ") || l.startsWith("local-cluster: "))
                .forEach(System.out::println);
        if (p.exitValue() == NO_SLURM) {
            String why = "no local Slurm here (apt-get install slurm-wlm munge, as root): " + log;
            if ("true".equals(System.getenv("CI"))) {
                fail(why + " (CI must run the Slurm test)");
            }
            assumeTrue(false, why);
        }
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("test-local: PASS"), log);
        for (String line : List.of("task 0: COMPLETED, Restarts=1, 2 start(s)",
                "task 2: COMPLETED, Restarts=1, 2 start(s)", "after exit 138 and its own requeue",
                "adabayes table over the Slurm results: exit 0")) {
            assertTrue(log.contains(line), line + " not in: " + log);
        }
        assertEquals(4, log.lines().filter(l -> l.contains(": same as the local sweep: ")).count(),
                log);
    }

    /** bash -n always; shellcheck too where it is installed (.ci/run installs it). */
    @Test
    void theSlurmScriptsAreValidBashAndShellcheckClean() throws IOException, InterruptedException {
        boolean shellcheck = new ProcessBuilder("sh", "-c", "command -v shellcheck").start()
                .waitFor() == 0;
        for (String s : List.of("scripts/slurm/sweep.sbatch", "scripts/slurm/submit.sh",
                "scripts/slurm/local-cluster.sh", "scripts/slurm/test-local.sh")) {
            List<List<String>> checks = shellcheck
                    ? List.of(List.of("bash", "-n", s), List.of("shellcheck", s))
                    : List.of(List.of("bash", "-n", s));
            for (List<String> cmd : checks) {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String text = new String(p.getInputStream().readAllBytes(),
                        StandardCharsets.UTF_8);
                assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + text);
            }
        }
    }
}
