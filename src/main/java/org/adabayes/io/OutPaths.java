package org.adabayes.io;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks an output option before any work, so a wrong --out is bad input (exit 2) with the reason,
 * not an I/O failure halfway through.
 */
public final class OutPaths {
    private OutPaths() {}

    /** --out must be a directory or not exist yet, with no file in the way above it. */
    public static Path directory(Path p, String option) {
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new UserInputException(option + " " + p + ": is a file, not a directory");
        }
        blockedAbove(p, option);
        return p;
    }

    /** --out must be a file or not exist yet; its directory is made if needed. */
    public static Path file(Path p, String option) {
        if (Files.isDirectory(p)) {
            throw new UserInputException(option + " " + p + ": is a directory, not a file");
        }
        blockedAbove(p, option);
        return p;
    }

    /**
     * Whether a file can be made in {@code dir}: write permission is not enough (root may write
     * anywhere by its mode bits, yet not into /proc or a read-only mount), so a probe is made and
     * removed.
     */
    private static boolean canCreateIn(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, ".adabayes-probe", ".tmp");
            Files.delete(probe);
            return true;
        } catch (java.io.IOException | SecurityException e) {
            return false;
        }
    }

    private static void blockedAbove(Path p, String option) {
        for (Path up = p.toAbsolutePath().getParent(); up != null; up = up.getParent()) {
            if (Files.exists(up)) {
                if (!Files.isDirectory(up)) {
                    throw new UserInputException(option + " " + p + ": " + up
                            + " is a file, not a directory");
                }
                if (!Files.isWritable(up) || !canCreateIn(up)) {
                    throw new UserInputException(option + " " + p + ": " + up
                            + " is not writable");
                }
                return;
            }
        }
    }
}
