package org.adabayes.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Figures written like every other file: encoded in memory, then written atomically. */
public final class Images {
    private Images() {}

    public static void png(Chart<?, ?> chart, Path file) throws IOException {
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out,
                BitmapEncoder.BitmapFormat.PNG));
    }

    public static void png(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }

    public static void svg(Chart<?, ?> chart, Path file) throws IOException {
        AtomicFiles.write(file, out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
    }
}
