package org.adabayes.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.adabayes.engine.OneDnnIsa;
import org.adabayes.parity.ParityReference;

/**
 * The PyTorch side of a side-by-side benchmark: Debian's PyTorch running the project's reference
 * networks and optimizers (scripts/parity/bench_torch.py) as one long-lived process that answers
 * timing requests, so the two sides can be interleaved round by round without paying Python's
 * start-up each time, and both keep their state (weights, optimizer, caches) between rounds.
 */
public final class TorchBench implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    private TorchBench(Process process) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
    }

    /** Starts the reference's benchmark loop, its scripts unpacked into {@code dir}. */
    public static TorchBench start(Path dir) throws IOException {
        Files.createDirectories(dir);
        ParityReference ref = ParityReference.prepare(ParityReference.python(), dir);
        ProcessBuilder pb = new ProcessBuilder(ParityReference.python(),
                ref.script("bench_torch.py").toString(), "--loop")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // the same oneDNN instruction sets as the harness's side (a child gets Java's copy of
        // the environment, not what OneDnnIsa set through libc)
        String cap = OneDnnIsa.cap();
        if (cap != null) {
            pb.environment().put("ONEDNN_MAX_CPU_ISA", cap);
            pb.environment().put("DNNL_MAX_CPU_ISA", cap);
        }
        return new TorchBench(pb.start());
    }

    /** One request (bench_torch.py's fields); the answer, or an error naming what failed. */
    public JsonNode ask(Map<String, Object> request) throws IOException {
        ObjectNode r = JSON.valueToTree(request);
        in.write(JSON.writeValueAsString(r) + "\n");
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the PyTorch benchmark ended without an answer to " + r);
        }
        JsonNode a = JSON.readTree(line);
        if (a.has("error")) {
            throw new IOException("the PyTorch benchmark failed on " + r + ": "
                    + a.get("error").asText());
        }
        return a;
    }

    @Override
    public void close() throws IOException {
        in.write("\n");
        in.close();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
