package org.adabayes.data;

import java.util.SplittableRandom;

/**
 * Every random stream of a run derives from (run seed, epoch, batch) rather than from a generator
 * carried across epochs. A run resumed at epoch e therefore sees exactly the batches and
 * augmentations an uninterrupted run would, and the checkpoint needs no generator state.
 */
public final class Seeds {
    private Seeds() {}

    public static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h ^= p + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2);
            h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
            h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
            h ^= h >>> 33;
        }
        return h;
    }

    /** A seeded random permutation of 0..n-1 for this epoch (Fisher-Yates). */
    public static int[] permutation(int n, long seed, int epoch) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(mix(seed, epoch, -1));
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    public static SplittableRandom forBatch(long seed, int epoch, int batch) {
        return new SplittableRandom(mix(seed, epoch, batch));
    }
}
