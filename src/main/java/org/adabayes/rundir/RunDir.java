package org.adabayes.rundir;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
    /** Every file a run writes, for --force. */
    static final List<String> FILES = List.of(MANIFEST, CONFIG, EPOCHS, CHECKPOINT, LR_TRACE);

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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

    /** A directory {@code report} reads as a run: it holds an epochs.csv. */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(EPOCHS));
    }

    public boolean hasManifest() {
        return Files.exists(file(MANIFEST));
    }

    public Manifest readManifest() {
        Path f = file(MANIFEST);
        try {
            return JSON.readValue(f.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new UserInputException(f + ": not a manifest this harness wrote ("
                    + firstLine(e) + ")", e);
        }
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

    public void writeConfig(RunConfig cfg) throws IOException {
        AtomicFiles.writeString(file(CONFIG), ConfigCodec.toYaml(cfg));
    }

    /** The rows of epochs.csv; none when the file does not exist yet. */
    public List<EpochRecord> readEpochs() {
        Path f = file(EPOCHS);
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UserInputException(f + ": cannot read: " + e.getMessage(), e);
        }
        try {
            return EpochCsv.parse(lines);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(f + ": " + e.getMessage(), e);
        }
    }

    public void writeEpochs(List<EpochRecord> rows) throws IOException {
        AtomicFiles.writeString(file(EPOCHS), EpochCsv.format(rows));
    }

    /** Deletes the run's files (--force), never anything else in the directory. */
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
