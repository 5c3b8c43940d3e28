package org.adabayes.rundir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * manifest.json: the provenance of a run (config hash, code and library versions, device, the
 * switches that change its numerics, data digests, times) and its {@link RunState}. Built by
 * name ({@link #builder()}), since most of its fields are optional and a positional call full
 * of nulls is how fields get swapped.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(RunState status, String configHash, String gitCommit,
        Map<String, String> versions, String device, Map<String, String> numerics,
        Map<String, String> datasetChecksums,
        String startedAt, String endedAt, Integer epochsCompleted, Integer epochs,
        Integer maxBatchesPerEpoch, String initDigest, Position interruptedAt,
        String message) {

    /**
     * Where a signal stopped a run: the 0-based epoch (as in epochs.csv), the steps of it done
     * (its checkpoint holds them; {@code step == of} means its evaluation was interrupted), of
     * how many.
     */
    public record Position(int epoch, int step, int of) {}

    public static Builder builder() {
        return new Builder();
    }

    /** The same provenance, still running, with {@code done} epochs finished. */
    public Manifest running(int done) {
        return toBuilder().status(RunState.RUNNING).endedAt(null).epochsCompleted(done)
                .interruptedAt(null).message(null).build();
    }

    /** The same provenance, stopped by a signal at {@code at} after {@code done} epochs. */
    public Manifest interrupted(int done, Position at) {
        return toBuilder().status(RunState.INTERRUPTED).endedAt(Instant.now().toString())
                .epochsCompleted(done).interruptedAt(at).message(null).build();
    }

    /** The same provenance, ended now in {@code state} after {@code done} epochs. */
    public Manifest ended(RunState state, int done, String why) {
        return toBuilder().status(state).endedAt(Instant.now().toString()).epochsCompleted(done)
                .interruptedAt(null).message(why).build();
    }

    private Builder toBuilder() {
        return builder().status(status).configHash(configHash).gitCommit(gitCommit)
                .versions(versions).device(device).numerics(numerics)
                .datasetChecksums(datasetChecksums)
                .startedAt(startedAt).endedAt(endedAt).epochsCompleted(epochsCompleted)
                .epochs(epochs).maxBatchesPerEpoch(maxBatchesPerEpoch).initDigest(initDigest)
                .interruptedAt(interruptedAt).message(message);
    }

    /** A manifest field by field; what is not set is left out of manifest.json. */
    public static final class Builder {
        private RunState status;
        private String configHash;
        private String gitCommit;
        private Map<String, String> versions;
        private String device;
        private Map<String, String> numerics;
        private Map<String, String> datasetChecksums;
        private String startedAt;
        private String endedAt;
        private Integer epochsCompleted;
        private Integer epochs;
        private Integer maxBatchesPerEpoch;
        private String initDigest;
        private Position interruptedAt;
        private String message;

        private Builder() {}

        /** Running, complete, diverged or failed: what a later invocation does with the run. */
        public Builder status(RunState v) {
            status = v;
            return this;
        }

        /**
         * The run's identity (config, --max-batches, --init digest): a checkpoint is loaded only
         * into the run it belongs to.
         */
        public Builder configHash(String v) {
            configHash = v;
            return this;
        }

        /** The commit that ran, {@code -dirty} when the tree had uncommitted changes. */
        public Builder gitCommit(String v) {
            gitCommit = v;
            return this;
        }

        /** Java, DJL, PyTorch and the OS, as loaded. */
        public Builder versions(Map<String, String> v) {
            versions = v;
            return this;
        }

        /** Where it trained, e.g. {@code gpu:0} or {@code cpu (2 cores, amd64)}. */
        public Builder device(String v) {
            device = v;
            return this;
        }

        /**
         * Every switch that changes the run's numbers or speed, as it was when the run began:
         * precision, the optimizer's form (fused, multi-tensor or per-tensor, and why), the
         * {@code adabayes.fused}/{@code adabayes.multitensor} properties, the oneDNN cap, the
         * GPU kernels' settings, threads and the allocator. Absent in manifests written before
         * it was recorded.
         */
        public Builder numerics(Map<String, String> v) {
            numerics = v;
            return this;
        }

        /** The MD5 of every data file read, so a table knows its runs saw the same data. */
        public Builder datasetChecksums(Map<String, String> v) {
            datasetChecksums = v;
            return this;
        }

        /** When the run first started (kept across resumes). */
        public Builder startedAt(String v) {
            startedAt = v;
            return this;
        }

        /** When it ended; absent while it runs. */
        public Builder endedAt(String v) {
            endedAt = v;
            return this;
        }

        /** Epochs whose checkpoint is on disk. */
        public Builder epochsCompleted(Integer v) {
            epochsCompleted = v;
            return this;
        }

        /** Epochs the schedule asks for. */
        public Builder epochs(Integer v) {
            epochs = v;
            return this;
        }

        /** Set only for a run limited by --max-batches (a smoke test, not the protocol). */
        public Builder maxBatchesPerEpoch(Integer v) {
            maxBatchesPerEpoch = v;
            return this;
        }

        /**
         * The digest of the weights a run started from ({@code train --init}), absent for the
         * seeded initialisation: part of the run's identity, which a table keeps runs apart by.
         */
        public Builder initDigest(String v) {
            initDigest = v;
            return this;
        }

        /** Set only while a run is interrupted: where its mid-epoch checkpoint stands. */
        public Builder interruptedAt(Position v) {
            interruptedAt = v;
            return this;
        }

        /** Why a run diverged or failed. */
        public Builder message(String v) {
            message = v;
            return this;
        }

        public Manifest build() {
            return new Manifest(status, configHash, gitCommit, versions, device, numerics,
                    datasetChecksums, startedAt, endedAt, epochsCompleted, epochs,
                    maxBatchesPerEpoch, initDigest, interruptedAt, message);
        }
    }
}
