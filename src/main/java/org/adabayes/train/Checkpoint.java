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
 * The state a run continues from: network parameters (BatchNorm statistics included), optimizer
 * state and step counts, the last finished epoch and, for a run a signal stopped mid-epoch, where
 * in its epoch it stood ({@link EpochPosition}). Random streams derive from (seed, epoch, batch),
 * so the epoch and step are the generator state. Written atomically (a second signal or a kill
 * while it is written leaves the previous checkpoint standing), tagged with the run's identity so
 * a checkpoint is never loaded into a different run. Version 2 files (epoch boundaries only) still
 * load.
 */
public final class Checkpoint {
    private static final int MAGIC = 0xADABA7E5;
    private static final int VERSION = 3;
    private static final int EPOCH_BOUNDARY_VERSION = 2;

    /** What a checkpoint restored: the last finished epoch, and where a stopped epoch stands. */
    public record Restored(int lastFinished, EpochPosition position) {}

    private Checkpoint() {}

    /** Saves after {@code epoch} (0-based) has finished. */
    public static void save(Path file, String configHash, int epoch, Block block,
            StatefulOptimizer optimizer) throws IOException {
        save(file, configHash, epoch, null, block, optimizer);
    }

    /**
     * Saves after {@code lastFinished} (0-based, -1 for none), with the position of the epoch a
     * signal stopped, or null at an epoch boundary.
     */
    public static void save(Path file, String configHash, int lastFinished,
            EpochPosition position, Block block, StatefulOptimizer optimizer)
            throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 20));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(configHash);
            out.writeInt(lastFinished);
            out.writeBoolean(position != null);
            if (position != null) {
                writePosition(out, position);
            }
            block.saveParameters(out);
            optimizer.state().save(out);
            out.flush();
        });
    }

    private static void writePosition(DataOutputStream out, EpochPosition p)
            throws IOException {
        out.writeInt(p.epoch());
        out.writeInt(p.step());
        out.writeInt(p.batches());
        out.writeInt(p.order().length);
        for (int i : p.order()) {
            out.writeInt(i);
        }
        out.writeDouble(p.lossSum());
        out.writeLong(p.wrong());
        out.writeLong(p.images());
        out.writeDouble(p.trainSeconds());
        out.writeDouble(p.evalSeconds());
    }

    private static EpochPosition readPosition(DataInputStream in) throws IOException {
        int epoch = in.readInt();
        int step = in.readInt();
        int batches = in.readInt();
        int n = in.readInt();
        if (n < 0 || n > (1 << 28) || step < 0 || batches < 0) {
            throw new IllegalArgumentException("a mid-epoch position out of range");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = in.readInt();
        }
        return new EpochPosition(epoch, step, batches, order, in.readDouble(), in.readLong(),
                in.readLong(), in.readDouble(), in.readDouble());
    }

    /** Loads a checkpoint into the block and optimizer. */
    public static Restored load(Path file, String configHash, Block block,
            StatefulOptimizer optimizer, NDManager manager) throws IOException {
        try (DataInputStream in = new DataInputStream(
                new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            int version = in.readInt() == MAGIC ? in.readInt() : -1;
            if (version != VERSION && version != EPOCH_BOUNDARY_VERSION) {
                throw damaged(file, "not a checkpoint of this harness version");
            }
            String hash = in.readUTF();
            if (!hash.equals(configHash)) {
                throw damaged(file, "belongs to a different run (hash " + hash.substring(0,
                        Math.min(12, hash.length())) + ")");
            }
            int epoch = in.readInt();
            EpochPosition position = version == VERSION && in.readBoolean()
                    ? readPosition(in) : null;
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
            return new Restored(epoch, position);
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
