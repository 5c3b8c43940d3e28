package org.adabayes.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Proves the augmentation moves pixels as random crop (pad 4) then horizontal flip would. */
class BatchAugmenterTest {
    static final Normalization NORM = Normalization.CIFAR10_DEMO;

    /** Images whose every pixel value is distinct per position (mod 250, avoiding 0). */
    static ImageSet ramp(int n) {
        byte[] px = new byte[n * 3072];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (1 + (i * 7 + i / 3072) % 250);
        }
        return new ImageSet(px, new int[n], 3, 32, 32, 10);
    }

    /** The reference transform, written directly from the definition. */
    static float[] expected(ImageSet s, int img, int oy, int ox, boolean flip) {
        float[][] lut = NORM.lookup();
        float[] out = new float[3072];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int cx = flip ? 31 - x : x;
                    int sy = y + oy;
                    int sx = cx + ox;
                    int v = sy < 0 || sy > 31 || sx < 0 || sx > 31 ? 0
                            : s.pixels()[img * 3072 + c * 1024 + sy * 32 + sx] & 0xff;
                    out[c * 1024 + y * 32 + x] = lut[c][v];
                }
            }
        }
        return out;
    }

    @Test
    void withoutAugmentationPixelsAreOnlyNormalised() {
        ImageSet s = ramp(2);
        float[] out = new float[2 * 3072];
        new BatchAugmenter(s, NORM, 4).fill(null, 0, 2, null, out, new int[2]);
        float[] first = java.util.Arrays.copyOf(out, 3072);
        assertArrayEquals(expected(s, 0, 0, 0, false), first);
        int p = 1024 + 5 * 32 + 9; // channel 1, row 5, column 9
        assertEquals(((s.pixels()[p] & 0xff) / 255f - 0.4822f) / 0.1994f, out[p], 1e-6);
    }

    @Test
    void eachImageGetsItsOwnCropAndFlipAndEveryOutcomeOccurs() {
        int n = 400;
        ImageSet s = ramp(n);
        float[] out = new float[n * 3072];
        new BatchAugmenter(s, NORM, 4).fill(null, 0, n, new SplittableRandom(5), out, new int[n]);
        Set<String> seen = new HashSet<>();
        int moved = 0;
        for (int i = 0; i < n; i++) {
            float[] got = java.util.Arrays.copyOfRange(out, i * 3072, (i + 1) * 3072);
            String match = null;
            for (int oy = -4; oy <= 4 && match == null; oy++) {
                for (int ox = -4; ox <= 4 && match == null; ox++) {
                    for (boolean flip : new boolean[] {false, true}) {
                        if (java.util.Arrays.equals(got, expected(s, i, oy, ox, flip))) {
                            match = oy + "," + ox + "," + flip;
                            break;
                        }
                    }
                }
            }
            assertTrue(match != null, "image " + i + " is no crop+flip of its source");
            seen.add(match);
            if (!match.equals("0,0,false")) {
                moved++;
            }
        }
        // 162 outcomes; 400 draws cover most of them, and almost every image moves
        assertTrue(seen.size() > 100, "only " + seen.size() + " distinct transforms");
        assertTrue(seen.stream().anyMatch(m -> m.endsWith("true")));
        assertTrue(seen.stream().anyMatch(m -> m.startsWith("-4,")));
        assertTrue(seen.stream().anyMatch(m -> m.startsWith("4,")));
        assertTrue(moved > n * 0.95, moved + " of " + n + " moved");
    }

    @Test
    void theSameSeedGivesTheSameBatch() {
        ImageSet s = ramp(16);
        float[] a = new float[16 * 3072];
        float[] b = new float[16 * 3072];
        int[] order = Seeds.permutation(16, 3, 2);
        new BatchAugmenter(s, NORM, 4).fill(order, 0, 16, Seeds.forBatch(3, 2, 0), a, new int[16]);
        new BatchAugmenter(s, NORM, 4).fill(order, 0, 16, Seeds.forBatch(3, 2, 0), b, new int[16]);
        assertArrayEquals(a, b);
        assertTrue(!java.util.Arrays.equals(Seeds.permutation(100, 3, 2),
                Seeds.permutation(100, 3, 3)), "epochs are shuffled differently");
    }
}
