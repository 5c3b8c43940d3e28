package org.adabayes.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.adabayes.engine.Allocator;
import org.adabayes.engine.EngineSettings;
import org.adabayes.engine.OneDnnIsa;
import org.adabayes.engine.Versions;
import org.adabayes.io.AtomicFiles;

/**
 * A benchmark's numbers as a result set, so that a table in the docs comes from files a command
 * wrote rather than from prose: {@code models.csv} (a row per network and batch, every round's
 * time summarised, PyTorch's beside it when it ran) and {@code bench-manifest.json} (named apart
 * from a run's manifest so no run scanner takes the set for a run: the command, the commit, the
 * machine: CPU model, cores, load average before and after, JVM, libtorch, threads,
 * oneDNN cap, allocator). {@code scripts/bench-cpu.sh} makes the committed ones.
 */
public final class ResultSet {
    /**
     * One network at one batch size.
     *
     * @param network the network's label, e.g. resnet18@0.125
     * @param batch images per step
     * @param optimizer the harness's optimizer
     * @param harness the harness's round times, ms per step
     * @param torch PyTorch's round times, ms per step, or null when it did not run
     */
    public record Row(String network, int batch, String optimizer, double[] harness,
            double[] torch) {}

    private ResultSet() {}

    /** The machine and the software the numbers came from, as they are now. */
    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("loadAverage", loadAverage());
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty(
                "java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("djl", Versions.djl());
        m.put("libtorch", ai.djl.engine.Engine.getEngine("PyTorch").getVersion());
        String cap = OneDnnIsa.cap();
        m.put("onednnCap", cap == null ? "none" : cap);
        m.put("allocator", Allocator.describe());
        m.put("engine", EngineSettings.current());
        return m;
    }

    /**
     * Writes {@code models.csv} and {@code bench-manifest.json} into {@code dir}; the machine is
     * described as the benchmark left it (its settings, cap and threads applied), with the load
     * average from before it ran ({@code loadBefore}) and after.
     */
    public static void write(Path dir, List<String> command, String loadBefore,
            String protocol, String torch, List<Row> rows) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("network,batch,optimizer,harness_ms_median,"
                + "harness_ms_min,harness_ms_max,harness_images_per_s,torch_ms_median,"
                + "torch_ms_min,torch_ms_max,torch_images_per_s,ratio\n");
        for (Row r : rows) {
            double h = ModelBench.median(r.harness());
            csv.append(String.format(Locale.ROOT, "%s,%d,%s,%.3f,%.3f,%.3f,%.1f", r.network(),
                    r.batch(), r.optimizer(), h, ModelBench.min(r.harness()),
                    ModelBench.max(r.harness()), r.batch() / (h / 1e3)));
            if (r.torch() == null) {
                csv.append(",,,,,\n");
            } else {
                double t = ModelBench.median(r.torch());
                csv.append(String.format(Locale.ROOT, ",%.3f,%.3f,%.3f,%.1f,%.3f\n", t,
                        ModelBench.min(r.torch()), ModelBench.max(r.torch()),
                        r.batch() / (t / 1e3), h / t));
            }
        }
        AtomicFiles.writeString(dir.resolve("models.csv"), csv.toString());
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("command", String.join(" ", command));
        String commit = Versions.gitCommit();
        manifest.put("gitCommit", commit.equals("unknown") || !dirty() ? commit
                : commit + "-dirty");
        manifest.put("writtenAt", Instant.now().toString());
        manifest.put("protocol", protocol);
        Map<String, Object> machine = machine();
        machine.put("loadAverage", loadBefore);
        machine.put("loadAverageAfter", loadAverage());
        manifest.put("machine", machine);
        if (torch != null) {
            manifest.put("torch", torch);
        }
        AtomicFiles.writeString(dir.resolve("bench-manifest.json"), new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(manifest) + "\n");
    }

    /** /proc/loadavg's three averages, or the JVM's one-minute figure elsewhere. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8)
                    .trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory
                    .getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).map(l -> l.replaceFirst(
                            "^model name\\s*:\\s*", "")).findFirst().orElse("unknown");
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }

    /** Whether the working tree has uncommitted changes (a committed set must not). */
    static boolean dirty() {
        try {
            Process p = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 && !out.isBlank();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run git status", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
