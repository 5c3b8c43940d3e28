package org.adabayes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.adabayes.io.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TarGz} on CIFAR-10-layout archives written by GNU tar (the official archives' writer) in
 * its three formats and by {@link TarGz#write}: exactly the wanted members with their bytes
 * (other members, directories and a member of 0 bytes left out), and the MD5 of the archive's
 * bytes as a file; a bad archive is a one-line error naming it.
 */
class TarGzTest {
    @TempDir
    Path tmp;

    /** CIFAR-10's six batches (sizes not multiples of 512) and two members it does not read. */
    private static Map<String, byte[]> members() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        int k = 0;
        for (String f : CifarFormat.CIFAR10.trainFiles()) {
            m.put(f, CifarReader.encode(CifarReaderTest.random(2 + k, 10, k), CifarFormat.CIFAR10));
            k++;
        }
        m.put("test_batch.bin", CifarReader.encode(CifarReaderTest.random(3, 10, 99),
                CifarFormat.CIFAR10));
        m.put("batches.meta.txt", "airplane\nautomobile\n".getBytes(StandardCharsets.US_ASCII));
        m.put("readme.html", new byte[0]);
        return m;
    }

    private static Set<String> wanted() {
        Set<String> w = new HashSet<>(CifarFormat.CIFAR10.trainFiles());
        w.addAll(CifarFormat.CIFAR10.testFiles());
        return w;
    }

    private static void assertReadsBack(Path archive, Map<String, byte[]> members)
            throws IOException {
        TarGz.Contents c = TarGz.read(archive, wanted());
        assertEquals(wanted(), c.files().keySet());
        for (String name : wanted()) {
            assertArrayEquals(members.get(name), c.files().get(name), name);
        }
        assertEquals(md5(Files.readAllBytes(archive)), c.md5());
    }

    /**
     * GNU tar's gnu (its default), ustar and pax formats, one directory deep as the official
     * archive, and in a directory whose path is over ustar's 100-character name field.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gnu", "ustar", "pax"})
    void readsWhatGnuTarWrites(String format) throws IOException, InterruptedException {
        Map<String, byte[]> members = members();
        for (String dir : List.of("cifar-10-batches-bin",
                "cifar-10-batches-bin/" + "d".repeat(60) + "/" + "e".repeat(60))) {
            Path src = tmp.resolve(format).resolve(dir);
            Files.createDirectories(src);
            for (Map.Entry<String, byte[]> e : members.entrySet()) {
                Files.write(src.resolve(e.getKey()), e.getValue());
            }
            Path archive = tmp.resolve(format + dir.length() + ".tar.gz");
            Process p;
            try {
                p = new ProcessBuilder("tar", "--format=" + format, "-czf", archive.toString(),
                        "-C", tmp.resolve(format).toString(), dir).redirectErrorStream(true)
                        .start();
            } catch (IOException e) {
                assumeTrue(false, "no tar: " + e.getMessage());
                return;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertReadsBack(archive, members);
            Files.walk(tmp.resolve(format)).sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void readsWhatItsFixtureWriterWrites() throws IOException {
        Path archive = tmp.resolve("cifar-10-binary.tar.gz");
        TarGz.write(archive, "cifar-10-batches-bin", members());
        assertReadsBack(archive, members());
        Splits s = CifarReader.read(archive, CifarFormat.CIFAR10, false);
        assertEquals(2 + 3 + 4 + 5 + 6, s.train().size());
        assertEquals(3, s.test().size());
    }

    @Test
    void aBadArchiveIsOneLineNamingIt() throws IOException {
        Path archive = tmp.resolve("cifar-10-binary.tar.gz");
        TarGz.write(archive, "cifar-10-batches-bin", members());
        byte[] all = Files.readAllBytes(archive);
        Path truncated = tmp.resolve("truncated.tar.gz");
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 2));
        assertOneLine(assertThrows(UserInputException.class,
                () -> TarGz.read(truncated, wanted())), truncated + ": not a readable .tar.gz (");
        Path text = tmp.resolve("text.tar.gz");
        Files.writeString(text, "not gzip\n");
        assertOneLine(assertThrows(UserInputException.class,
                () -> TarGz.read(text, wanted())), text + ": not a readable .tar.gz (");
        Path notTar = tmp.resolve("nottar.tar.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(notTar))) {
            out.write("a gzip of text, not of a tar archive\n".repeat(40)
                    .getBytes(StandardCharsets.US_ASCII));
        }
        assertOneLine(assertThrows(UserInputException.class,
                () -> TarGz.read(notTar, wanted())), notTar + ": ");
        Path missing = tmp.resolve("missing.tar.gz");
        assertOneLine(assertThrows(UserInputException.class,
                () -> TarGz.read(missing, wanted())), missing + ": cannot read: ");
    }

    private static void assertOneLine(Exception e, String prefix) {
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
