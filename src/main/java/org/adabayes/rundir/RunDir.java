package org.adabayes.rundir;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.adabayes.config.ConfigCodec;
import org.adabayes.config.RunConfig;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.UserInputException;

/**
 * A run directory: the one type {@code train} writes through and {@code report} reads through.
 * It names the files (config.yaml, manifest.json, epochs.csv, checkpoint.bin, lr_trace.csv), writes
 * each atomically, and turns a file it cannot read into one line naming the file.
 */
public final class RunDir {
    public static final String CONFIG = "config.yaml";
    public static final String MANIFEST = "manifest.json";
    public static final String EPOCHS = "epochs.csv";
    public static final String CHECKPOINT = "checkpoint.bin";
    public static final String LR_TRACE = "lr_trace.csv";
    /** The run's console lines, appended across invocations. */
    public static final String LOG = "log.txt";
    /** The writer lock: an OS lock on this file, its text the holder's pid and host. */
    public static final String LOCK = ".lock";
    /**
     * Every file a run writes (the lock aside), for --force, in the order they are removed: the
     * manifest first, since a directory without one holds no run (a checkpoint is only ever
     * written after the manifest), then the config, so a removal cut short by a kill leaves files
     * that the next start recognises as leftovers and removes.
     */
    static final List<String> FILES = List.of(MANIFEST, CONFIG, CHECKPOINT, EPOCHS, LR_TRACE,
            LOG);

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What a damaged run file's message tells the user to do. */
    public static final String START_OVER = "train --force starts the run over";

    private final Path dir;

    public RunDir(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** The writer lock of a run directory, held while a run writes into it. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        /** Releases the lock; a second close does nothing. */
        @Override
        public void close() throws IOException {
            if (!channel.isOpen()) {
                return;
            }
            lock.release();
            channel.close();
        }
    }

    /**
     * Takes the directory's writer lock (creating the directory), or says who holds it. The OS
     * releases the lock when its holder dies, so a killed run never blocks its own resume. The lock
     * is local to one machine; NFS gives only what its lock manager gives.
     *
     * @throws RunLockedException naming the holder's pid when another writer has it
     */
    public Lock lock() throws IOException {
        Path f = file(LOCK);
        FileChannel ch;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (java.nio.file.FileSystemException e) {
            throw new UserInputException(dir + ": cannot write a run directory here ("
                    + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName())
                    + (e.getFile() != null && !e.getFile().equals(dir.toString())
                            ? ": " + e.getFile() : "") + ")", e);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = new String(Files.readAllBytes(f), StandardCharsets.UTF_8).trim();
            ch.close();
            throw new RunLockedException(dir + ": another run is writing here ("
                    + (holder.isEmpty() ? "holder unknown" : holder) + "); wait for it, or "
                    + "stop it first");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " on "
                + host() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
        return new Lock(ch, lock);
    }

    /** This machine's name, as the lock and log.txt record it. */
    public static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this host";
        }
    }

    /** Whether the directory holds only what {@link #lock} made (a start that did not begin). */
    public boolean onlyLock() throws IOException {
        try (var files = Files.list(dir)) {
            return files.allMatch(f -> f.getFileName().toString().equals(LOCK));
        }
    }

    public boolean hasConfig() {
        return Files.exists(file(CONFIG));
    }

    /**
     * A run's identity, the hash in its manifest and checkpoint: the config's hash, or with a
     * batch limit (--max-batches), the hash of the config and the limit, so a limited run is
     * never taken for the full run of the same config.
     */
    public static String identity(RunConfig cfg, int maxBatchesPerEpoch) {
        String json = ConfigCodec.toJson(cfg);
        return maxBatchesPerEpoch > 0
                ? ConfigCodec.sha256(json + "\nmaxBatchesPerEpoch=" + maxBatchesPerEpoch)
                : ConfigCodec.sha256(json);
    }

    /**
     * The identity of a run started from given weights ({@code train --init}): the identity
     * above and the digest of the weights file, so the same config from other weights is another
     * run, and a resume must name the same file.
     */
    public static String identity(RunConfig cfg, int maxBatchesPerEpoch, String initDigest) {
        String id = identity(cfg, maxBatchesPerEpoch);
        return initDigest == null ? id : ConfigCodec.sha256(id + "\ninit=" + initDigest);
    }

    /** A directory {@code report} reads as a run: it holds an epochs.csv. */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(EPOCHS));
    }

    public boolean hasManifest() {
        return Files.exists(file(MANIFEST));
    }

    public Manifest readManifest() {
        Path f = file(MANIFEST);
        Manifest m;
        try {
            m = JSON.readValue(f.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new UserInputException(f + ": not a manifest this harness wrote ("
                    + firstLine(e) + "); " + START_OVER, e);
        }
        if (m == null || m.status() == null) {
            throw new UserInputException(f + ": not a manifest this harness wrote (no status); "
                    + START_OVER);
        }
        return m;
    }

    public void writeManifest(Manifest m) throws IOException {
        AtomicFiles.writeString(file(MANIFEST), JSON.writeValueAsString(m) + "\n");
    }

    public RunConfig readConfig() {
        Path f = file(CONFIG);
        try {
            return ConfigCodec.parseYaml(Files.readString(f, StandardCharsets.UTF_8),
                    f.toString());
        } catch (IOException e) {
            throw new UserInputException(f + ": cannot read (every run directory needs the "
                    + "config.yaml that train writes)", e);
        }
    }

    /**
     * The rows of epochs.csv; none when the file does not exist yet. A file whose last line has no
     * newline was cut short (train writes whole files ending in one), even if what is left of the
     * line parses.
     */
    public List<EpochRecord> readEpochs() {
        Path f = file(EPOCHS);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UserInputException(f + ": cannot read: " + e.getMessage(), e);
        }
        if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
            throw new UserInputException(f + ": the last line is cut short (no newline at its "
                    + "end)");
        }
        return EpochCsv.parse(new String(bytes, StandardCharsets.UTF_8), f.toString());
    }

    public void writeConfig(RunConfig cfg) throws IOException {
        AtomicFiles.writeString(file(CONFIG), ConfigCodec.toYaml(cfg));
    }

    public void writeEpochs(List<EpochRecord> rows) throws IOException {
        AtomicFiles.writeString(file(EPOCHS), EpochCsv.format(rows));
    }

    /**
     * Deletes the run's files (--force, or leftovers of one cut short), manifest first, never
     * anything else in the directory.
     */
    public void clear() throws IOException {
        for (String f : FILES) {
            Files.deleteIfExists(file(f));
        }
    }

    private static String firstLine(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
