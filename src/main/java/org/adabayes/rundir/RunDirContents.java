package org.adabayes.rundir;

import java.io.IOException;
import java.nio.file.Path;
import org.adabayes.config.ConfigCodec;
import org.adabayes.config.RunConfig;
import org.adabayes.io.UserInputException;

/**
 * Which run a directory holds, checked before a run writes anything into it: a run is its config,
 * its --max-batches limit and the digest of the --init weights it started from
 * ({@link RunDir#identity}), so two invocations that would train differently never share a
 * directory, and one that would train the same resumes the other's.
 */
public final class RunDirContents {
    private RunDirContents() {}

    /**
     * What the directory holds, read before anything is written: the manifest of an earlier
     * invocation of this run (returned), of another run (refused; --force does not ask), or
     * nothing.
     */
    public static Manifest inspect(RunDir rundir, String hash, RunConfig cfg, int maxBatches)
            throws IOException {
        Path dir = rundir.path();
        if (rundir.hasManifest()) {
            Manifest m = rundir.readManifest();
            if (m.configHash() == null) {
                throw new UserInputException(rundir.file(RunDir.MANIFEST) + ": not a manifest "
                        + "this harness wrote (no config hash); " + RunDir.START_OVER);
            }
            if (!hash.equals(m.configHash())) {
                throw new UserInputException(dir + ": holds a different run (config hash "
                        + m.configHash().substring(0, Math.min(12, m.configHash().length()))
                        + limit(m.maxBatchesPerEpoch()) + ", this one " + hash.substring(0, 12)
                        + limit(maxBatches > 0 ? maxBatches : null)
                        + "); use --force to overwrite it or --out for another directory");
            }
            return m;
        }
        if (rundir.hasConfig() && !ConfigCodec.hash(rundir.readConfig())
                .equals(ConfigCodec.hash(cfg))) {
            throw new UserInputException(dir + ": holds the config.yaml of a different run "
                    + "and no manifest; use --force to overwrite it or --out for another "
                    + "directory");
        }
        return null;
    }

    private static String limit(Integer maxBatches) {
        return maxBatches == null ? "" : " limited to " + maxBatches + " batches per epoch";
    }
}
