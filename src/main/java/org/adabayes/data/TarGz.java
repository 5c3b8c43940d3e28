package org.adabayes.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.adabayes.io.UserInputException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Reads the regular files of a .tar.gz in one pass while computing the archive's MD5, so the
 * official CIFAR archives can be used without extracting them and checked as they are read. The
 * tar format is commons-compress's (a dependency of DJL's api), which also reads the GNU and pax
 * long names GNU tar writes for paths over 100 characters; the MD5 is taken here, under the
 * decompression, because the check is of the file as downloaded.
 */
final class TarGz {
    private TarGz() {}

    /** Entries whose base name is in {@code wanted}, by base name, and the archive's MD5. */
    record Contents(Map<String, byte[]> files, String md5) {}

    static Contents read(Path archive, Set<String> wanted) {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Map<String, byte[]> out = new HashMap<>();
        try (InputStream raw = Files.newInputStream(archive);
                DigestInputStream dig = new DigestInputStream(raw, md5);
                InputStream gz = new GZIPInputStream(dig, 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String base = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                if (e.isFile() && wanted.contains(base)) {
                    out.put(base, tar.readAllBytes());
                }
            }
            // the MD5 is of every byte of the file: the tar's padding and the gzip trailer too
            gz.transferTo(OutputStream.nullOutputStream());
            dig.transferTo(OutputStream.nullOutputStream());
        } catch (FileSystemException e) {
            throw new UserInputException(archive + ": cannot read: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UserInputException(archive + ": not a readable .tar.gz (" + e.getMessage()
                    + ")", e);
        }
        return new Contents(out, HexFormat.of().formatHex(md5.digest()));
    }

    /**
     * Test and fixture helper: writes a .tar.gz holding the given files in one folder, the same
     * bytes on every run (no time stamp, no user).
     */
    static void write(Path archive, String dirInArchive, Map<String, byte[]> files)
            throws IOException {
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(archive));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            for (Map.Entry<String, byte[]> e : new TreeMap<>(files).entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(dirInArchive + "/" + e.getKey());
                entry.setSize(e.getValue().length);
                entry.setModTime(FileTime.fromMillis(0));
                entry.setUserName("");
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
    }
}
