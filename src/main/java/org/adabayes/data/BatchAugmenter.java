package org.adabayes.data;

import java.util.SplittableRandom;

/**
 * Turns a batch of byte images into normalised floats, with the paper's training augmentation:
 * random 32x32 crop of the image zero-padded by 4 pixels, then a random horizontal flip, drawn per
 * image (DJL's ArrayDataset batchifier draws one transform per batch, and its flip is a no-op).
 * Zero padding is applied to raw pixels, as torchvision pads the PIL image before normalising.
 */
public final class BatchAugmenter {
    private final ImageSet set;
    private final float[][] lut;
    private final int pad;

    public BatchAugmenter(ImageSet set, Normalization norm, int pad) {
        if (norm.mean().length != set.channels()) {
            throw new IllegalArgumentException("normalisation has " + norm.mean().length
                    + " channels, images have " + set.channels());
        }
        this.set = set;
        this.lut = norm.lookup();
        this.pad = pad;
    }

    /**
     * The augmentation of {@code count} images: per image a crop offset (dy, dx) in -pad..pad and
     * a flip, drawn in that order. They are drawn before any pixel is touched and recorded, so a
     * run's stream can be written out and replayed by other code ({@code adabayes parity
     * --epochs}).
     */
    public record Draws(int[] dy, int[] dx, boolean[] flip) {}

    /** Draws a batch's augmentation from {@code rng}, image by image (dy, dx, flip). */
    public Draws draw(SplittableRandom rng, int count) {
        int[] dy = new int[count];
        int[] dx = new int[count];
        boolean[] flip = new boolean[count];
        for (int b = 0; b < count; b++) {
            dy[b] = rng.nextInt(2 * pad + 1) - pad;
            dx[b] = rng.nextInt(2 * pad + 1) - pad;
            flip[b] = rng.nextBoolean();
        }
        return new Draws(dy, dx, flip);
    }

    /**
     * Fills {@code out} (count x C x H x W) and {@code labels} with images {@code order[from ..
     * from+count)}; {@code rng == null} means no augmentation (evaluation).
     */
    public void fill(int[] order, int from, int count, SplittableRandom rng, float[] out,
            int[] labels) {
        fillDrawn(order, from, count, rng == null ? null : draw(rng, count), out, labels);
    }

    /** As above with the augmentation already drawn ({@code draws == null}: none). */
    public void fillDrawn(int[] order, int from, int count, Draws draws, float[] out,
            int[] labels) {
        int c = set.channels();
        int h = set.height();
        int w = set.width();
        int per = c * h * w;
        byte[] px = set.pixels();
        for (int b = 0; b < count; b++) {
            int idx = order == null ? from + b : order[from + b];
            labels[b] = set.labels()[idx];
            int src = idx * per;
            int dst = b * per;
            if (draws == null) {
                for (int ch = 0; ch < c; ch++) {
                    float[] t = lut[ch];
                    int o = ch * h * w;
                    for (int i = 0; i < h * w; i++) {
                        out[dst + o + i] = t[px[src + o + i] & 0xff];
                    }
                }
                continue;
            }
            int oy = draws.dy()[b];
            int ox = draws.dx()[b];
            boolean flip = draws.flip()[b];
            for (int ch = 0; ch < c; ch++) {
                float[] t = lut[ch];
                float zero = t[0];
                int plane = ch * h * w;
                for (int y = 0; y < h; y++) {
                    int sy = y + oy;
                    int row = dst + plane + y * w;
                    if (sy < 0 || sy >= h) {
                        java.util.Arrays.fill(out, row, row + w, zero);
                        continue;
                    }
                    int srow = src + plane + sy * w;
                    for (int x = 0; x < w; x++) {
                        int cx = flip ? w - 1 - x : x;
                        int sx = cx + ox;
                        out[row + x] = sx < 0 || sx >= w ? zero : t[px[srow + sx] & 0xff];
                    }
                }
            }
        }
    }
}
