package org.adabayes.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's .npz (a zip of .npy files, format version 1.0), written and read here rather than with a
 * library: the format is a 10-byte preamble, a Python-literal header and the raw C-order bytes.
 * {@code numpy.load} reads what this writes, and this reads what {@code numpy.savez} writes for the
 * three element types of {@link NpyArray}.
 */
public final class Npz {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npz() {}

    /** Writes the arrays, in order, atomically. */
    public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.setLevel(1);
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(npy(e.getValue()));
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    static byte[] npy(NpyArray a) {
        String shape = a.shape().length == 0 ? "()" : "(" + Arrays.stream(a.shape())
                .mapToObj(Long::toString).collect(Collectors.joining(", "))
                + (a.shape().length == 1 ? ",)" : ")");
        StringBuilder header = new StringBuilder("{'descr': '" + a.dtype()
                + "', 'fortran_order': False, 'shape': " + shape + ", }");
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + a.data().length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h)
                .put(a.data());
        return b.array();
    }

    /**
     * Reads every array of a .npz file, by key (file name without .npy).
     *
     * @throws UserInputException naming the file and the entry that cannot be read
     */
    public static Map<String, NpyArray> read(Path file) {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                if (!name.endsWith(".npy")) {
                    continue;
                }
                String key = name.substring(0, name.length() - 4);
                try {
                    out.put(key, parse(readAll(zip)));
                } catch (IllegalArgumentException ex) {
                    throw new UserInputException(file + ": " + name + ": " + ex.getMessage(), ex);
                }
            }
        } catch (IOException e) {
            throw new UserInputException(file + ": not a readable .npz: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new UserInputException(file + ": holds no .npy arrays");
        }
        return out;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toByteArray();
    }

    static NpyArray parse(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (byte m : MAGIC) {
            if (!b.hasRemaining() || b.get() != m) {
                throw new IllegalArgumentException("not a .npy array (bad magic)");
            }
        }
        int major = b.get();
        b.get();
        int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        String header = new String(bytes, b.position(), headerLength, StandardCharsets.US_ASCII);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) {
            throw new IllegalArgumentException("unreadable .npy header: " + header.trim());
        }
        if (o.group(1).equals("True")) {
            throw new IllegalArgumentException("Fortran order is not supported");
        }
        long[] shape = Arrays.stream(s.group(1).split(",")).map(String::trim)
                .filter(x -> !x.isEmpty()).mapToLong(Long::parseLong).toArray();
        int start = b.position() + headerLength;
        return new NpyArray(d.group(1), shape, Arrays.copyOfRange(bytes, start, bytes.length));
    }
}
