package org.adabayes.bench;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.adabayes.data.BatchAugmenter;
import org.adabayes.data.ImageSet;
import org.adabayes.data.Normalization;
import org.adabayes.data.Seeds;

/**
 * Augmented images per second of the data pipeline (crop, flip, normalise) on 50k CIFAR-sized
 * random images, one thread: the rate a GPU run would be fed at. It prints numbers only.
 */
public final class AugmentBench {
    private AugmentBench() {}

    public static void run(int batchSize, int epochs, PrintWriter out) {
        int n = 50_000;
        byte[] px = new byte[n * 3072];
        new SplittableRandom(1).nextBytes(px);
        ImageSet set = new ImageSet(px, new int[n], 3, 32, 32, 10);
        BatchAugmenter aug = new BatchAugmenter(set,
                Normalization.CIFAR10_DEMO, 4);
        float[] buf = new float[batchSize * 3072];
        int[] labels = new int[batchSize];
        double best = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = Seeds.permutation(n, 1, epoch);
            long t0 = System.nanoTime();
            for (int b = 0; b * batchSize < n; b++) {
                int k = Math.min(batchSize, n - b * batchSize);
                aug.fill(order, b * batchSize, k, Seeds.forBatch(1, epoch, b), buf, labels);
            }
            double ips = n / ((System.nanoTime() - t0) / 1e9);
            best = Math.max(best, ips);
            out.printf(Locale.ROOT, "epoch %d: %.0f augmented images/s (crop+flip+normalise, "
                    + "batch %d, one thread)%n", epoch, ips, batchSize);
        }
        out.printf(Locale.ROOT, "best: %.0f images/s%n", best);
    }
}
