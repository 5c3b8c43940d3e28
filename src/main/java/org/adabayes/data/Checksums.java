package org.adabayes.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.adabayes.io.UserInputException;

/** MD5 helper: the CIFAR distributions publish MD5s, so provenance records the same digest. */
public final class Checksums {
    private Checksums() {}

    public static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The MD5 of a file the user named; one that cannot be read is a one-line error. */
    public static String md5(Path file, String option) {
        try {
            return md5(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UserInputException(option + " " + file + ": cannot read: "
                    + e.getMessage(), e);
        }
    }
}
