package org.adabayes.parity;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.adabayes.config.ConfigCodec;
import org.adabayes.config.RunConfig;
import org.adabayes.data.DatasetKind;
import org.adabayes.io.Npz;
import org.adabayes.io.UserInputException;
import org.adabayes.model.StateDicts;
import org.adabayes.rundir.RunDir;
import org.adabayes.train.Checkpoint;
import org.adabayes.train.RunParts;

/**
 * {@code adabayes export}: a run's last checkpoint as a PyTorch state_dict in a NumPy .npz, which
 * the reference model (kuangliu's, {@code scripts/parity/models.py}) loads with strict=True. The
 * BatchNorm counters are the training steps the checkpoint holds.
 */
public final class Export {
    private Export() {}

    /** Writes the npz; returns the number of arrays. */
    public static int run(Path runDir, Path out) throws IOException {
        RunDir run = new RunDir(runDir);
        Path ckpt = run.file(RunDir.CHECKPOINT);
        if (!Files.exists(ckpt)) {
            throw new UserInputException(runDir + ": no " + RunDir.CHECKPOINT + " (a run "
                    + "writes one after its first epoch)");
        }
        RunConfig cfg = run.readConfig();
        DatasetKind data = cfg.dataset().kind();
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                RunParts parts = RunParts.assemble(cfg, data.channels(), data.classes(), m,
                        DataType.FLOAT32, null)) {
            // the run's identity is its manifest's (a run limited by --max-batches or started
            // from --init weights is not identified by its config alone)
            String identity = run.hasManifest() && run.readManifest().configHash() != null
                    ? run.readManifest().configHash() : ConfigCodec.hash(cfg);
            Checkpoint.load(ckpt, identity, parts.net(), parts.optimizer(), m);
            var dict = StateDicts.export(parts.net(), parts.optimizer().state().stepsTaken(),
                    DataType.FLOAT32);
            Npz.write(out, dict);
            return dict.size();
        }
    }
}
