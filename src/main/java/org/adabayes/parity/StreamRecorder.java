package org.adabayes.parity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.adabayes.config.RunConfig;
import org.adabayes.data.BatchAugmenter;
import org.adabayes.io.NpyArray;
import org.adabayes.train.BatchStream;

/**
 * Records what each training step of a run was fed: the stream that {@code parity --epochs}
 * writes as stream.npz (and, for --dump-batches, the batches themselves), so that code outside the
 * JVM can rebuild every batch from the dataset files.
 */
final class StreamRecorder implements BatchStream.Recorder {

    private final int dumpImageSize;
    private final List<long[]> perStep = new ArrayList<>();
    private final List<long[]> perImage = new ArrayList<>();
    private final List<float[]> pixels = new ArrayList<>();
    private final List<long[]> labels = new ArrayList<>();

    /** @param dumpImageSize values per image to keep as fed (0: none) */
    StreamRecorder(int dumpImageSize) {
        this.dumpImageSize = dumpImageSize;
    }

    @Override
    public void batch(int epoch, int[] order, int from, int n, BatchAugmenter.Draws draws,
            float[] x, int[] y) {
        perStep.add(new long[] {epoch, n});
        for (int i = 0; i < n; i++) {
            perImage.add(new long[] {order[from + i], draws == null ? 0 : draws.dy()[i],
                draws == null ? 0 : draws.dx()[i], draws != null && draws.flip()[i] ? 1 : 0});
        }
        if (dumpImageSize > 0) {
            pixels.add(Arrays.copyOf(x, n * dumpImageSize));
            long[] l = new long[n];
            for (int i = 0; i < n; i++) {
                l[i] = y[i];
            }
            labels.add(l);
        }
    }

    int steps() {
        return perStep.size();
    }

    float[] pixels() {
        float[] out = new float[pixels.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] p : pixels) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    long[] labels() {
        return labels.stream().flatMapToLong(java.util.Arrays::stream).toArray();
    }

    /**
     * Per step {@code epoch}, {@code count}, {@code factor}; per image, steps after each
     * other, {@code index} (into the training subset), {@code dy}, {@code dx} (crop offsets
     * in -pad..pad: output pixel (y, x) reads padded-image pixel (y + dy, x' + dx), with
     * x' = W-1-x when flipped) and {@code flip} (0/1).
     */
    Map<String, NpyArray> arrays(RunConfig cfg) {
        int s = perStep.size();
        int n = perImage.size();
        long[] epoch = new long[s];
        long[] count = new long[s];
        double[] factor = new double[s];
        for (int k = 0; k < s; k++) {
            epoch[k] = perStep.get(k)[0];
            count[k] = perStep.get(k)[1];
            factor[k] = cfg.schedule().factor((int) epoch[k]);
        }
        long[][] cols = new long[4][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 4; c++) {
                cols[c][i] = perImage.get(i)[c];
            }
        }
        Map<String, NpyArray> out = new LinkedHashMap<>();
        out.put("epoch", NpyArray.ofLongs(epoch, s));
        out.put("count", NpyArray.ofLongs(count, s));
        out.put("factor", NpyArray.ofDoubles(factor, s));
        out.put("index", NpyArray.ofLongs(cols[0], n));
        out.put("dy", NpyArray.ofLongs(cols[1], n));
        out.put("dx", NpyArray.ofLongs(cols[2], n));
        out.put("flip", NpyArray.ofLongs(cols[3], n));
        return out;
    }
}
