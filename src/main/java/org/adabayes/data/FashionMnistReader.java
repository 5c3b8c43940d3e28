package org.adabayes.data;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.adabayes.io.UserInputException;

/**
 * Fashion-MNIST from the idx files Debian's {@code dataset-fashion-mnist} installs, zero-padded
 * from 28x28 to 32x32 so the CIFAR networks (which end in a 4x4 pool) take it unchanged.
 */
public final class FashionMnistReader {
    public static final String DEBIAN_DIR = "/usr/share/datasets/fashion-mnist";
    private static final int PAD = 2;

    private FashionMnistReader() {}

    public static Splits read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException("Fashion-MNIST not found at " + dir
                    + ": install Debian's dataset-fashion-mnist (apt-get install "
                    + "dataset-fashion-mnist) or set dataset.dir to a folder with its idx .gz "
                    + "files");
        }
        Map<String, String> sums = new LinkedHashMap<>();
        ImageSet train = read(dir, "train", sums);
        ImageSet test = read(dir, "t10k", sums);
        return new Splits(train, test, sums);
    }

    private static ImageSet read(Path dir, String prefix, Map<String, String> sums) {
        Path imgFile = dir.resolve(prefix + "-images-idx3-ubyte.gz");
        Path lblFile = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        byte[] img = gunzip(imgFile, sums);
        byte[] lbl = gunzip(lblFile, sums);
        try (DataInputStream di = new DataInputStream(new ByteArrayInputStream(img));
                DataInputStream dl = new DataInputStream(new ByteArrayInputStream(lbl))) {
            if (di.readInt() != 0x803) {
                throw new UserInputException(imgFile
                        + ": not an idx3 image file (bad magic number)");
            }
            int n = di.readInt();
            int rows = di.readInt();
            int cols = di.readInt();
            if (dl.readInt() != 0x801) {
                throw new UserInputException(lblFile
                        + ": not an idx1 label file (bad magic number)");
            }
            int nl = dl.readInt();
            if (nl != n) {
                throw new UserInputException(lblFile + ": " + nl + " labels for " + n + " images");
            }
            if (img.length != 16 + (long) n * rows * cols || lbl.length != 8 + n) {
                throw new UserInputException(imgFile
                        + ": size does not match its header (truncated?)");
            }
            int h = rows + 2 * PAD;
            int w = cols + 2 * PAD;
            byte[] pixels = new byte[n * h * w];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = lbl[8 + i] & 0xff;
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(img, 16 + (i * rows + r) * cols, pixels,
                            i * h * w + (r + PAD) * w + PAD, cols);
                }
            }
            return new ImageSet(pixels, labels, 1, h, w, 10);
        } catch (IOException e) {
            throw new UserInputException(imgFile + ": cannot parse: " + e.getMessage(), e);
        }
    }

    private static byte[] gunzip(Path f, Map<String, String> sums) {
        try {
            byte[] raw = Files.readAllBytes(f);
            sums.put(f.toString(), "md5:" + Checksums.md5(raw));
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                return in.readAllBytes();
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserInputException(f + ": missing (install dataset-fashion-mnist)", e);
        } catch (IOException e) {
            throw new UserInputException(f + ": cannot read: " + e.getMessage(), e);
        }
    }
}
