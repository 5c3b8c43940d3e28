package org.adabayes.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * manifest.json: the provenance of a run (config hash, code and library versions, device, data
 * digests, times) and its status, running | complete | diverged | failed. A run killed mid-way
 * stays "running" here, which is how a later invocation knows to resume it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(String status, String configHash, String gitCommit,
        Map<String, String> versions, String device, Map<String, String> datasetChecksums,
        String startedAt, String endedAt, Integer epochsCompleted, Integer epochs,
        Integer maxBatchesPerEpoch, String message) {

    public static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Manifest with(String newStatus, String ended, int done, String msg) {
        return new Manifest(newStatus, configHash, gitCommit, versions, device, datasetChecksums,
                startedAt, ended, done, epochs, maxBatchesPerEpoch, msg);
    }

    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, JSON.writeValueAsString(this) + "\n");
    }

    public static Manifest read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Manifest.class);
    }
}
