package org.adabayes.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.adabayes.io.UserInputException;
import org.junit.jupiter.api.Test;

/** The real Fashion-MNIST of Debian's package (.ci/run installs it). */
class FashionMnistReaderTest {
    @Test
    void readsDebiansFashionMnistPaddedTo32() {
        Path dir = Path.of(FashionMnistReader.DEBIAN_DIR);
        assumeTrue(Files.isDirectory(dir), "dataset-fashion-mnist is not installed");
        Splits s = FashionMnistReader.read(dir);
        assertEquals(60_000, s.train().size());
        assertEquals(10_000, s.test().size());
        assertEquals(1, s.train().channels());
        assertEquals(32, s.train().height());
        int border = 0;
        int inside = 0;
        byte[] px = s.train().pixels();
        for (int i = 0; i < 100; i++) {
            for (int x = 0; x < 32; x++) {
                border += px[i * 1024 + x] & 0xff;            // row 0 is padding
                border += px[i * 1024 + 31 * 32 + x] & 0xff;  // row 31 too
            }
            for (int p = 2 * 32; p < 30 * 32; p++) {
                inside += px[i * 1024 + p] & 0xff;
            }
        }
        assertEquals(0, border);
        assertTrue(inside > 0);
        assertEquals(10, java.util.Arrays.stream(s.test().labels()).distinct().count());
    }

    @Test
    void aMissingDirectorySaysWhichPackage(@org.junit.jupiter.api.io.TempDir Path tmp) {
        UserInputException e = assertThrows(UserInputException.class,
                () -> FashionMnistReader.read(tmp.resolve("none")));
        assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
    }
}
