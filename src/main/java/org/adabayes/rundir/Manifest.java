package org.adabayes.rundir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * manifest.json: the provenance of a run (config hash, code and library versions, device, data
 * digests, times) and its {@link RunState}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(RunState status, String configHash, String gitCommit,
        Map<String, String> versions, String device, Map<String, String> datasetChecksums,
        String startedAt, String endedAt, Integer epochsCompleted, Integer epochs,
        Integer maxBatchesPerEpoch, String message) {

    /** The same provenance in a new state. */
    public Manifest with(RunState newStatus, String ended, int done, String msg) {
        return new Manifest(newStatus, configHash, gitCommit, versions, device, datasetChecksums,
                startedAt, ended, done, epochs, maxBatchesPerEpoch, msg);
    }
}
