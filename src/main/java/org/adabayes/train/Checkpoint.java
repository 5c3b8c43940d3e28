package org.adabayes.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.UserInputException;
import org.adabayes.optim.StatefulOptimizer;
import org.adabayes.rundir.RunDir;

/**
 * The state after the last finished epoch: network parameters (BatchNorm statistics included),
 * optimizer state and step counts, and the epoch. Random streams derive from (seed, epoch, batch),
 * so the epoch is the generator state. Written atomically, tagged with the config hash so a
 * checkpoint is never loaded into a different run.
 */
public final class Checkpoint {
    private static final int MAGIC = 0xADABA7E5;
    private static final int VERSION = 2;

    private Checkpoint() {}

    /** Saves after {@code epoch} (0-based) has finished. */
    public static void save(Path file, String configHash, int epoch, Block block,
            StatefulOptimizer optimizer) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 20));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(configHash);
            out.writeInt(epoch);
            block.saveParameters(out);
            optimizer.state().save(out);
            out.flush();
        });
    }

    /**
     * Loads a checkpoint into the block and optimizer.
     *
     * @return the last finished epoch (0-based)
     */
    public static int load(Path file, String configHash, Block block,
            StatefulOptimizer optimizer, NDManager manager) throws IOException {
        try (DataInputStream in = new DataInputStream(
                new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw damaged(file, "not a checkpoint of this harness version");
            }
            String hash = in.readUTF();
            if (!hash.equals(configHash)) {
                throw damaged(file, "belongs to a different run (hash " + hash.substring(0,
                        Math.min(12, hash.length())) + ")");
            }
            int epoch = in.readInt();
            block.loadParameters(manager, in);
            // loading replaces the arrays; DJL does not re-attach gradients to the new ones
            for (var p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
            }
            optimizer.state().load(in, manager);
            if (in.read() != -1) {
                throw damaged(file, "has bytes after the optimizer state");
            }
            return epoch;
        } catch (EOFException e) {
            throw damaged(file, "truncated");
        } catch (MalformedModelException | IllegalArgumentException | IllegalStateException
                | ai.djl.engine.EngineException e) {
            throw damaged(file, "does not fit this network: " + e.getMessage());
        }
    }

    private static UserInputException damaged(Path file, String what) {
        return new UserInputException(file + ": " + what + "; " + RunDir.START_OVER);
    }
}
