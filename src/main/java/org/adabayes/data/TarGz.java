package org.adabayes.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.adabayes.io.UserInputException;

/**
 * Reads the regular files of a .tar.gz (ustar) in one pass while computing the archive's MD5, so
 * the official CIFAR archives can be used without extracting them and checked as they are read.
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
                InputStream in = new GZIPInputStream(dig, 1 << 16)) {
            byte[] header = new byte[512];
            while (true) {
                if (!readFully(in, header)) {
                    break;
                }
                if (isZero(header)) {
                    break;
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0"
                        : field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                long padded = (size + 511) / 512 * 512;
                String base = name.substring(name.lastIndexOf('/') + 1);
                if ((type == '0' || type == 0) && wanted.contains(base)) {
                    byte[] data = new byte[Math.toIntExact(size)];
                    if (!readFully(in, data)) {
                        throw new UserInputException(archive + ": truncated archive inside "
                                + name);
                    }
                    out.put(base, data);
                    skip(in, padded - size);
                } else {
                    skip(in, padded);
                }
            }
            in.transferTo(OutputSink.INSTANCE);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new UserInputException(archive + ": not a readable .tar.gz (" + e.getMessage()
                    + ")",
                    e);
        } catch (IOException e) {
            throw new UserInputException(archive + ": cannot read: " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new UserInputException(archive + ": corrupt tar header", e);
        }
        return new Contents(out, HexFormat.of().formatHex(md5.digest()));
    }

    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.US_ASCII);
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readFully(InputStream in, byte[] b) throws IOException {
        int n = in.readNBytes(b, 0, b.length);
        if (n == 0) {
            return false;
        }
        if (n < b.length) {
            throw new java.io.EOFException("unexpected end of archive");
        }
        return true;
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new java.io.EOFException("unexpected end of archive");
                }
                s = 1;
            }
            left -= s;
        }
    }

    /** Test and fixture helper: writes a minimal ustar .tar.gz holding the given files. */
    static void write(Path archive, String dirInArchive, Map<String, byte[]> files)
            throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(files).entrySet()) {
            byte[] h = new byte[512];
            put(h, 0, dirInArchive + "/" + e.getKey());
            put(h, 100, "0000644");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", e.getValue().length));
            put(h, 136, String.format("%011o", 0));
            h[156] = '0';
            put(h, 257, "ustar");
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            long sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            tar.write(h);
            tar.write(e.getValue());
            tar.write(new byte[(512 - e.getValue().length % 512) % 512]);
        }
        tar.write(new byte[1024]);
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(archive))) {
            out.write(tar.toByteArray());
        }
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
