package org.adabayes.rundir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.adabayes.config.ConfigLoader;
import org.adabayes.config.RunConfig;
import org.junit.jupiter.api.Test;

/**
 * A run's identity is what lets a later invocation resume it or find it finished, so code changes
 * must not move it: every run directory committed under results/ (made by earlier commits) must
 * still hash to the identity its manifest recorded. A refactoring that reorders or renames a
 * serialized config field fails here before it orphans anyone's half-finished sweep.
 */
class RunIdentityTest {
    @Test
    void committedRunsKeepTheirIdentity() throws IOException {
        List<Path> manifests;
        try (Stream<Path> s = Files.walk(Path.of("results"))) {
            manifests = s.filter(p -> p.getFileName().toString().equals(RunDir.MANIFEST))
                    .sorted().toList();
        }
        assertTrue(manifests.size() >= 5, "committed run directories to check: " + manifests);
        for (Path m : manifests) {
            RunDir dir = new RunDir(m.getParent());
            Manifest manifest = dir.readManifest();
            RunConfig cfg = ConfigLoader.load(dir.file(RunDir.CONFIG), List.of());
            int limit = manifest.maxBatchesPerEpoch() == null ? 0 : manifest.maxBatchesPerEpoch();
            assertEquals(manifest.configHash(), RunDir.identity(cfg, limit), m.toString());
        }
    }
}
