package org.adabayes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.adabayes.io.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CIFAR readers on small files written here in the official binary layouts. */
class CifarReaderTest {
    @TempDir
    Path tmp;

    static ImageSet random(int n, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] px = new byte[n * CifarFormat.PIXELS];
        r.nextBytes(px);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(classes);
        }
        return new ImageSet(px, labels, 3, 32, 32, classes);
    }

    private Map<String, ImageSet> writeCifar10(Path folder, int perFile) throws IOException {
        Files.createDirectories(folder);
        Map<String, ImageSet> sets = new LinkedHashMap<>();
        int k = 0;
        for (String f : CifarFormat.CIFAR10.trainFiles()) {
            sets.put(f, random(perFile, 10, k++));
        }
        sets.put("test_batch.bin", random(perFile, 10, 99));
        for (Map.Entry<String, ImageSet> e : sets.entrySet()) {
            Files.write(folder.resolve(e.getKey()),
                    CifarReader.encode(e.getValue(), CifarFormat.CIFAR10));
        }
        return sets;
    }

    @Test
    void readsTheExtractedCifar10LayoutBackExactly() throws IOException {
        Map<String, ImageSet> sets = writeCifar10(tmp.resolve("cifar-10-batches-bin"), 7);
        Splits s = CifarReader.read(tmp, CifarFormat.CIFAR10, false);
        assertEquals(35, s.train().size());
        assertEquals(7, s.test().size());
        ImageSet b3 = sets.get("data_batch_3.bin");
        for (int i = 0; i < 7; i++) {
            assertEquals(b3.labels()[i], s.train().labels()[14 + i]);
        }
        byte[] first = java.util.Arrays.copyOfRange(s.train().pixels(), 14 * 3072, 15 * 3072);
        assertArrayEquals(java.util.Arrays.copyOf(b3.pixels(), 3072), first);
        assertEquals(6, s.checksums().size());
    }

    @Test
    void officialDataMustHoldTheOfficialRecordCount() throws IOException {
        writeCifar10(tmp.resolve("cifar-10-batches-bin"), 3);
        UserInputException e = assertThrows(UserInputException.class,
                () -> CifarReader.read(tmp, CifarFormat.CIFAR10, true));
        assertTrue(e.getMessage().endsWith("data_batch_1.bin: holds 3 records, expected 10000"),
                e.getMessage());
    }

    @Test
    void aTruncatedFileIsNamed() throws IOException {
        Path folder = tmp.resolve("cifar-10-batches-bin");
        writeCifar10(folder, 4);
        Path f = folder.resolve("data_batch_2.bin");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 100));
        UserInputException e = assertThrows(UserInputException.class,
                () -> CifarReader.read(tmp, CifarFormat.CIFAR10, false));
        assertEquals(folder + "/data_batch_2.bin: 12192 bytes is not a whole number of "
                + "3073-byte records (truncated or not CIFAR-10)", e.getMessage());
    }

    @Test
    void cifar100UsesTheFineLabel() throws IOException {
        Path folder = tmp.resolve("cifar-100-binary");
        Files.createDirectories(folder);
        byte[] rec = new byte[2 * 3074];
        rec[0] = 3;          // coarse
        rec[1] = 77;         // fine
        rec[2] = (byte) 200; // first pixel
        rec[3074] = 19;
        rec[3075] = 42;
        Files.write(folder.resolve("train.bin"), rec);
        Files.write(folder.resolve("test.bin"), rec);
        Splits s = CifarReader.read(tmp, CifarFormat.CIFAR100, false);
        assertArrayEquals(new int[] {77, 42}, s.train().labels());
        assertEquals(100, s.train().numClasses());
        assertEquals((byte) 200, s.train().pixels()[0]);
    }

    @Test
    void readsTheTarGzAndChecksItsMd5() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String f : CifarFormat.CIFAR10.trainFiles()) {
            files.put(f, CifarReader.encode(random(2, 10, f.hashCode()), CifarFormat.CIFAR10));
        }
        files.put("test_batch.bin", CifarReader.encode(random(2, 10, 5), CifarFormat.CIFAR10));
        Path archive = tmp.resolve("cifar-10-binary.tar.gz");
        TarGz.write(archive, "cifar-10-batches-bin", files);
        Splits s = CifarReader.read(tmp, CifarFormat.CIFAR10, false);
        assertEquals(10, s.train().size());
        assertTrue(s.checksums().get(archive.toString()).startsWith("md5:"));
        UserInputException e = assertThrows(UserInputException.class,
                () -> CifarReader.read(archive, CifarFormat.CIFAR10, true));
        assertTrue(e.getMessage().startsWith(archive + ": MD5 "), e.getMessage());
        assertTrue(e.getMessage().contains("c32a1d4ab5d03f1284b67883e8d87530"), e.getMessage());
    }

    @Test
    void missingDataSaysWhereToPutIt() {
        UserInputException e = assertThrows(UserInputException.class,
                () -> CifarReader.read(tmp.resolve("cifar10"), CifarFormat.CIFAR10, true));
        assertTrue(e.getMessage().contains("cifar-10-binary.tar.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("never downloads"), e.getMessage());
    }

    @Test
    void syntheticDataIsWrittenInCifarLayoutAndReproducible() throws IOException {
        Splits a = SyntheticCifar.load(tmp.resolve("a"), 300, 50);
        Splits b = SyntheticCifar.load(tmp.resolve("b"), 300, 50);
        assertEquals(300, a.train().size());
        assertEquals(50, a.test().size());
        assertArrayEquals(a.train().pixels(), b.train().pixels());
        assertArrayEquals(a.test().labels(), b.test().labels());
        assertTrue(Files.isRegularFile(tmp.resolve("a/synthetic-300-50-"
                + SyntheticCifar.DATA_SEED + "/cifar-10-batches-bin/data_batch_5.bin")));
        // every class occurs: the structure is learnable, not one label
        assertEquals(10, java.util.Arrays.stream(a.train().labels()).distinct().count());
    }
}
