package org.adabayes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.adabayes.config.Method;
import org.adabayes.optim.OptimizerKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
    @TempDir
    Path tmp;

    static int count(BufferedImage img, Color c, int x0, int y0, int w, int h) {
        int n = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void curvesAreTiledOnePanelPerGroupAndMetricWithTheOptimizersColours() throws IOException {
        Path res = tmp.resolve("res");
        double[] err = {50, 30, 20, 15, 12, 10};
        double[] loss = {1.5, 1.0, 0.7, 0.5, 0.4, 0.35};
        Fixtures.run(res, "cifar10", "resnet34", "adabayes", 1, "complete", err, loss, 6);
        Fixtures.run(res, "cifar10", "resnet34", "sgd", 1, "complete", err, loss, 6);
        Fixtures.run(res, "cifar100", "resnet34", "sgd", 1, "complete", err, loss, 6);
        List<Path> files = CurvePlots.write(ResultsScanner.scan(List.of(res), false),
                tmp.resolve("fig"));
        // every file written is listed, each panel's SVG as well as the tiled PNG
        assertEquals(10, files.size(), files.toString());
        assertTrue(files.stream().allMatch(Files::exists));
        BufferedImage fig4 = ImageIO.read(tmp.resolve("fig/fig4-test.png").toFile());
        assertEquals(2 * CurvePlots.W, fig4.getWidth());
        assertEquals(2 * CurvePlots.H, fig4.getHeight());
        Color red = Palette.of(Method.of(OptimizerKind.ADABAYES));
        Color grey = Palette.of(Method.of(OptimizerKind.SGD));
        // CIFAR-10 panels have AdaBayes' red line; CIFAR-100 panels (second row) have none
        assertTrue(count(fig4, red, 0, 0, CurvePlots.W, CurvePlots.H) > 200);
        assertTrue(count(fig4, red, CurvePlots.W, 0, CurvePlots.W, CurvePlots.H) > 200);
        assertEquals(0, count(fig4, red, 0, CurvePlots.H, 2 * CurvePlots.W, CurvePlots.H));
        assertTrue(count(fig4, grey, 0, CurvePlots.H, CurvePlots.W, CurvePlots.H) > 200);
        assertTrue(Files.size(tmp.resolve("fig/fig4-test-cifar10-resnet34-test_error.svg")) > 1000);
        assertTrue(Files.exists(tmp.resolve("fig/figA5-train.png")));
    }

    @Test
    void fig3DrawsTheTraceAndTheThreeLines() throws IOException {
        Path res = tmp.resolve("res");
        Path dir = Fixtures.run(res, "cifar10", "resnet34", "adabayes", 1, "complete",
                new double[] {10}, new double[] {0.3}, 4);
        StringBuilder sb = new StringBuilder("epoch,step,parameter,index,s2_post,adam_lr\n");
        double sigma2 = 0.1 / 128;
        for (int i = 0; i < 300; i++) {
            double adam = 1e-6 * Math.pow(10, i / 60.0);
            double fp = org.adabayes.optim.AdaBayesFp.fixedPoint(Math.pow(1e-3 / adam, 2), 1e-3,
                    sigma2);
            sb.append("0,10,p,").append(i).append(',').append(fp).append(',').append(adam)
                    .append('\n');
        }
        Files.writeString(dir.resolve("lr_trace.csv"), sb.toString());
        Path png = LrTracePlot.write(ResultsScanner.read(dir), tmp.resolve("fig"), "x").get(0);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(700, img.getWidth());
        assertTrue(count(img, new Color(0x2C, 0xA0, 0x2C), 0, 0, 700, 560) > 100, "fixed point");
        assertTrue(count(img, new Color(0xFF, 0x7F, 0x0E), 0, 0, 700, 560) > 100, "SGD limit");
        assertTrue(count(img, new Color(0x1F, 0x77, 0xB4), 0, 0, 700, 560) > 100, "Adam limit");
    }
}
