package org.adabayes.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.adabayes.TorchOracle;
import org.adabayes.parity.ParityReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Npz} on DJL's .npy codec. Every array is compared as a line of key, dtype, shape and the
 * SHA-256 of its bytes, in file order: what the harness writes reads back the same and numpy reads
 * the same, and what numpy's {@code savez} and {@code savez_compressed} write the harness reads
 * the same. Then the three details where DJL 0.32's own NPZ reader differs, and why Npz keeps its
 * zip loop and a header check: each pinned on DJL too, so a DJL that fixes one fails here and
 * says the guard can go.
 */
class NpzTest {
    @TempDir
    Path tmp;

    /** numpy's arrays: a state_dict's kinds (with a 0-d counter), labels, an empty one. */
    private static final String NUMPY_ARRAYS = String.join("\n",
            "import hashlib, sys, numpy as np",
            "r = np.random.default_rng(7)",
            "a = {'conv1.weight': r.standard_normal((4, 3, 3, 3)).astype('<f4'),",
            "     'fc.bias': r.standard_normal(10),",
            "     'bn1.num_batches_tracked': np.array(12, dtype='<i8'),",
            "     'scale': np.array(3.5),",
            "     'y': r.integers(-2**40, 2**40, size=(2, 5)),",
            "     'empty': np.zeros((0, 10), '<f4')}",
            "def show(z):",
            "    for k in z.files:",
            "        v = z[k]",
            "        print(k, v.dtype.str, '[' + ', '.join(map(str, v.shape)) + ']',",
            "              hashlib.sha256(np.ascontiguousarray(v).tobytes()).hexdigest())",
            "");

    /** The harness's side: a state_dict's kinds, a 0-d counter, an empty array, numpy's arr_0. */
    static Map<String, NpyArray> sample() {
        Map<String, NpyArray> a = new LinkedHashMap<>();
        float[] w = new float[2 * 3 * 1 * 2];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.sin(i + 0.5) * 1e-3f;
        }
        a.put("layer1.0.conv1.weight", NpyArray.ofFloats(w, 2, 3, 1, 2));
        a.put("layer1.0.bn1.running_var", NpyArray.ofDoubles(new double[] {1, 0.1, Math.PI}, 3));
        a.put("layer1.0.bn1.num_batches_tracked", NpyArray.ofLongs(new long[] {4}));
        a.put("logits", NpyArray.ofFloats(new float[0], 0, 10));
        a.put("y", NpyArray.ofLongs(new long[] {-1, 0, 1L << 40, Long.MAX_VALUE}, 2, 2));
        a.put("arr_0", NpyArray.ofDoubles(new double[] {-0.0, Double.MIN_VALUE}, 1, 2));
        return a;
    }

    static List<String> lines(Map<String, NpyArray> arrays) {
        List<String> out = new ArrayList<>();
        arrays.forEach((k, v) -> out.add(k + " " + v.dtype() + " "
                + java.util.Arrays.toString(v.shape()) + " " + sha256(v.data())));
        return out;
    }

    @Test
    void whatTheHarnessWritesReadsBackIdentically() throws IOException {
        Path f = tmp.resolve("harness.npz");
        Npz.write(f, sample());
        assertEquals(lines(sample()), lines(Npz.read(f)));
        assertArrayEquals(new long[0], Npz.read(f).get("layer1.0.bn1.num_batches_tracked")
                .shape());
    }

    @Test
    void numpyReadsWhatTheHarnessWrites() throws IOException {
        TorchOracle.require();
        Path f = tmp.resolve("harness.npz");
        Npz.write(f, sample());
        String out = python(NUMPY_ARRAYS + "show(np.load(sys.argv[1], allow_pickle=False))\n",
                f.toString());
        assertEquals(lines(sample()), List.of(out.strip().split("\n")));
    }

    @Test
    void theHarnessReadsWhatNumpyWrites() throws IOException {
        TorchOracle.require();
        Path plain = tmp.resolve("savez.npz");
        Path packed = tmp.resolve("compressed.npz");
        Path positional = tmp.resolve("positional.npz");
        String out = python(NUMPY_ARRAYS + String.join("\n",
                "np.savez(sys.argv[1], **a)",
                "np.savez_compressed(sys.argv[2], **a)",
                "np.savez(sys.argv[3], a['fc.bias'], a['y'])",
                "show(np.load(sys.argv[1]))",
                "show(np.load(sys.argv[3]))", ""),
                plain.toString(), packed.toString(), positional.toString());
        List<String> expected = List.of(out.strip().split("\n"));
        assertEquals(8, expected.size(), out);
        List<String> got = new ArrayList<>(lines(Npz.read(plain)));
        got.addAll(lines(Npz.read(positional)));
        assertEquals(expected, got);
        assertEquals(lines(Npz.read(plain)), lines(Npz.read(packed)));
        assertEquals(12.0, Npz.read(plain).get("bn1.num_batches_tracked").toDoubles()[0]);
        assertEquals(3.5, Npz.read(plain).get("scale").toDoubles()[0]);
    }

    /**
     * What DJL 0.32's {@code NDList.decode} does with an .npz, and what Npz does instead: a key
     * that starts with arr_ loses its name there (kept here), a member that is not an .npy fails
     * the whole file there (skipped here, as numpy's load lists it without reading it), and
     * big-endian data is taken there as little-endian, silently wrong values (refused here).
     */
    @Test
    void whereDjlsOwnNpzReaderDiffersNpzKeepsKeysAndRefusesWhatItWouldMisread()
            throws IOException {
        Path named = tmp.resolve("named.npz");
        Map<String, NpyArray> arr = new LinkedHashMap<>();
        arr.put("arr_0", NpyArray.ofDoubles(new double[] {1, 2}, 2));
        arr.put("w", NpyArray.ofDoubles(new double[] {3}, 1));
        Npz.write(named, arr);
        Path extra = tmp.resolve("extra.npz");
        zip(extra, "README.txt", "not an array".getBytes(StandardCharsets.US_ASCII),
                "x.npy", npy("<f8", "False", "(2,)", le(1.5, -2.5)));
        Path big = tmp.resolve("big.npz");
        byte[] be = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putFloat(1f).putFloat(2f)
                .array();
        zip(big, "x.npy", npy(">f4", "False", "(2,)", be));

        assertEquals(List.of("arr_0", "w"), List.copyOf(Npz.read(named).keySet()));
        assertEquals(List.of("x"), List.copyOf(Npz.read(extra).keySet()));
        assertArrayEquals(new double[] {1.5, -2.5}, Npz.read(extra).get("x").toDoubles());
        UserInputException e = assertThrows(UserInputException.class, () -> Npz.read(big));
        assertOneLine(e, big + ": x.npy: ");
        assertTrue(e.getMessage().contains(">f4"), e.getMessage());

        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDList list = decode(m, named);
            assertNull(list.get(0).getName(), "DJL now keeps arr_ names: read with NDList");
            assertEquals("w", list.get(1).getName());
            assertThrows(IllegalArgumentException.class, () -> decode(m, extra),
                    "DJL now skips members that are not .npy: read with NDList");
            NDList misread = decode(m, big);
            assertEquals(DataType.FLOAT32, misread.get(0).getDataType());
            assertNotEquals(1f, misread.get(0).toFloatArray()[0],
                    "DJL now reads big-endian .npy: drop the check in Npz");
        }
    }

    @Test
    void badFilesAreOneLineErrorsNamingTheFile() throws IOException {
        Path missing = tmp.resolve("missing.npz");
        assertOneLine(assertThrows(UserInputException.class, () -> Npz.read(missing)),
                missing + ": not a readable .npz: no such file");
        Path empty = Files.createFile(tmp.resolve("empty.npz"));
        assertOneLine(assertThrows(UserInputException.class, () -> Npz.read(empty)),
                empty + ": not a readable .npz: ");
        Path text = tmp.resolve("text.npz");
        Files.writeString(text, "12345678{\"not\": \"an npz\"}\n");
        assertOneLine(assertThrows(UserInputException.class, () -> Npz.read(text)),
                text + ": not a readable .npz: ");
        Path none = tmp.resolve("none.npz");
        zip(none, "README.txt", new byte[] {'a'});
        assertOneLine(assertThrows(UserInputException.class, () -> Npz.read(none)),
                none + ": holds no .npy arrays");
        Path whole = tmp.resolve("whole.npz");
        Npz.write(whole, sample());
        byte[] all = Files.readAllBytes(whole);
        Path truncated = tmp.resolve("truncated.npz");
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 2));
        assertOneLine(assertThrows(UserInputException.class, () -> Npz.read(truncated)),
                truncated + ": not a readable .npz: ");
        Path cut = tmp.resolve("cut.npz");
        Files.write(cut, java.util.Arrays.copyOf(all, firstMemberEnd(all)));
        assertOneLine(assertThrows(UserInputException.class, () -> Npz.read(cut)),
                cut + ": not a readable .npz: ");
        Path fortran = tmp.resolve("fortran.npz");
        zip(fortran, "f.npy", npy("<f8", "True", "(1, 2)", le(1, 2)));
        assertOneLine(assertThrows(UserInputException.class, () -> Npz.read(fortran)),
                fortran + ": f.npy: ");
        Path bool = tmp.resolve("bool.npz");
        zip(bool, "b.npy", npy("|b1", "False", "(2,)", new byte[] {1, 0}));
        UserInputException e = assertThrows(UserInputException.class, () -> Npz.read(bool));
        assertOneLine(e, bool + ": b.npy: ");
        assertTrue(e.getMessage().contains("|b1") && e.getMessage().contains("float32"),
                e.getMessage());
        Path magic = tmp.resolve("magic.npz");
        zip(magic, "m.npy", "12345678{\"a\": 1}".getBytes(StandardCharsets.US_ASCII));
        assertOneLine(assertThrows(UserInputException.class, () -> Npz.read(magic)),
                magic + ": m.npy: not a .npy array");
        Path shortData = tmp.resolve("short.npz");
        zip(shortData, "s.npy", npy("<f8", "False", "(3,)", le(1, 2)));
        assertOneLine(assertThrows(UserInputException.class, () -> Npz.read(shortData)),
                shortData + ": s.npy: ");
    }

    /**
     * Where a zip's second member's local header starts: a file cut there holds its first array
     * whole, and a streaming reader takes the cut for the end of the file.
     */
    private static int firstMemberEnd(byte[] zip) {
        for (int i = 4; i + 4 <= zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4) {
                return i;
            }
        }
        throw new AssertionError("one member only");
    }

    private static void assertOneLine(Exception e, String prefix) {
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static NDList decode(NDManager m, Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            return NDList.decode(m, in);
        }
    }

    /** An .npy file, version 1.0, written here so the cases need no numpy. */
    private static byte[] npy(String descr, String fortran, String shape, byte[] data) {
        String h = "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': "
                + shape + ", }";
        h += " ".repeat(63 - (10 + h.length()) % 64) + "\n";
        return ByteBuffer.allocate(10 + h.length() + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0})
                .putShort((short) h.length()).put(h.getBytes(StandardCharsets.US_ASCII))
                .put(data).array();
    }

    private static byte[] le(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    /** A zip of (name, bytes) pairs, in order. */
    private static void zip(Path f, Object... members) throws IOException {
        try (OutputStream os = Files.newOutputStream(f);
                ZipOutputStream z = new ZipOutputStream(os)) {
            for (int i = 0; i < members.length; i += 2) {
                z.putNextEntry(new ZipEntry((String) members[i]));
                z.write((byte[]) members[i + 1]);
                z.closeEntry();
            }
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a Python program with the parity reference's interpreter; its stdout. */
    private static String python(String program, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ParityReference.python(), "-c", program));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
