package org.adabayes.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.UserInputException;

/**
 * Generated CIFAR-10-format data with learnable structure: each class is a smooth random colour
 * pattern, each image that pattern shifted, scaled and buried in pixel noise. It is written to disk
 * in the binary layout and read back by {@link CifarReader}, so tests exercise the real loader.
 * The data seed is fixed (like a real dataset's content), independent of the run's seed.
 */
public final class SyntheticCifar {
    public static final long DATA_SEED = 20190601L;
    public static final int DEFAULT_TRAIN = 5000;
    public static final int DEFAULT_TEST = 1000;
    private static final int CLASSES = 10;

    private SyntheticCifar() {}

    /**
     * Generates (unless already there) and reads the synthetic data. Each size is generated into
     * a folder of its own ({@code dir/synthetic-<train>-<test>-<seed>}), every file written
     * atomically, so runs of different subsets sharing {@code dir}, even at the same time, never
     * read each other's half-written files.
     */
    public static Splits load(Path dir, Integer train, Integer test) {
        int nTrain = train == null ? DEFAULT_TRAIN : train;
        int nTest = test == null ? DEFAULT_TEST : test;
        Path root = dir.resolve("synthetic-" + nTrain + "-" + nTest + "-" + DATA_SEED);
        Path folder = root.resolve(CifarFormat.CIFAR10.folderName());
        Path stamp = folder.resolve("synthetic.txt");
        String want = "synthetic seed=" + DATA_SEED + " train=" + nTrain + " test=" + nTest + "\n";
        try {
            if (!Files.isRegularFile(stamp) || !Files.readString(stamp).equals(want)) {
                write(folder, nTrain, nTest);
                AtomicFiles.writeString(stamp, want);
            }
        } catch (IOException e) {
            throw new UserInputException(folder + ": cannot write generated data: "
                    + e.getMessage(), e);
        }
        return CifarReader.read(root, CifarFormat.CIFAR10, false);
    }

    private static void write(Path folder, int nTrain, int nTest) throws IOException {
        Files.createDirectories(folder);
        SplittableRandom rng = new SplittableRandom(DATA_SEED);
        float[][] protos = new float[CLASSES][];
        for (int c = 0; c < CLASSES; c++) {
            protos[c] = prototype(rng);
        }
        ImageSet train = sample(protos, nTrain, rng);
        ImageSet test = sample(protos, nTest, rng);
        CifarFormat f = CifarFormat.CIFAR10;
        int per = (nTrain + 4) / 5;
        for (int b = 0; b < 5; b++) {
            int from = Math.min(nTrain, b * per);
            int to = Math.min(nTrain, from + per);
            ImageSet part = slice(train, from, Math.max(to, from));
            if (part.size() == 0) {
                part = slice(train, 0, 1);
            }
            AtomicFiles.writeBytes(folder.resolve(f.trainFiles().get(b)), CifarReader.encode(part,
                    f));
        }
        AtomicFiles.writeBytes(folder.resolve(f.testFiles().get(0)), CifarReader.encode(test, f));
    }

    private static ImageSet slice(ImageSet s, int from, int to) {
        int n = to - from;
        byte[] p = new byte[n * s.imageSize()];
        System.arraycopy(s.pixels(), from * s.imageSize(), p, 0, p.length);
        int[] l = java.util.Arrays.copyOfRange(s.labels(), from, to);
        return new ImageSet(p, l, 3, 32, 32, CLASSES);
    }

    /** A smooth pattern: a few random low-frequency sinusoids per channel. */
    private static float[] prototype(SplittableRandom rng) {
        float[] p = new float[CifarFormat.PIXELS];
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < 3; k++) {
                double fx = rng.nextDouble(0.5, 3.0) * 2 * Math.PI / 32;
                double fy = rng.nextDouble(0.5, 3.0) * 2 * Math.PI / 32;
                double ph = rng.nextDouble(0, 2 * Math.PI);
                double a = rng.nextDouble(20, 45);
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        p[c * 1024 + y * 32 + x] += (float) (a * Math.sin(fx * x + fy * y + ph));
                    }
                }
            }
        }
        return p;
    }

    private static ImageSet sample(float[][] protos, int n, SplittableRandom rng) {
        byte[] pixels = new byte[n * CifarFormat.PIXELS];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(CLASSES);
            labels[i] = c;
            int dx = rng.nextInt(-3, 4);
            int dy = rng.nextInt(-3, 4);
            double scale = rng.nextDouble(0.6, 1.2);
            double base = rng.nextDouble(90, 160);
            for (int ch = 0; ch < 3; ch++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        int sy = Math.floorMod(y + dy, 32);
                        int sx = Math.floorMod(x + dx, 32);
                        double v = base + scale * protos[c][ch * 1024 + sy * 32 + sx]
                                + rng.nextDouble(-1, 1) * 70;
                        pixels[i * CifarFormat.PIXELS + ch * 1024 + y * 32 + x] =
                                (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
                    }
                }
            }
        }
        return new ImageSet(pixels, labels, 3, 32, 32, CLASSES);
    }
}
