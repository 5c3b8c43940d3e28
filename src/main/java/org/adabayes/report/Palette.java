package org.adabayes.report;

import java.awt.Color;
import java.util.List;
import org.adabayes.config.Method;

/** One fixed colour per optimizer, so every figure reads the same way. */
final class Palette {
    /** In the registry's order (Table 1's rows). */
    private static final List<Color> COLORS = List.of(
            new Color(0x4D, 0x4D, 0x4D),  // SGD grey, as the paper's table
            new Color(0x1F, 0x77, 0xB4),  // Adam
            new Color(0x8C, 0x56, 0x4B),  // AdaGrad
            new Color(0x94, 0x67, 0xBD),  // AMSGrad
            new Color(0x17, 0xBE, 0xCF),  // AdaBound
            new Color(0xBC, 0xBD, 0x22),  // AMSBound
            new Color(0x2C, 0xA0, 0x2C),  // AdamW
            new Color(0xFF, 0x7F, 0x0E),  // AdaBayes-FP
            new Color(0xD6, 0x27, 0x28)); // AdaBayes

    private Palette() {}

    /**
     * The colour of a method: Table 1's nine by hand, later entries of the registry by hue, and a
     * variant a darker shade of its optimizer's (one step darker per variant flag).
     */
    static Color of(Method method) {
        int i = method.order();
        Color c = i < COLORS.size() ? COLORS.get(i)
                : Color.getHSBColor((float) ((i * 0.618034) % 1.0), 0.75f, 0.7f);
        for (int k = 0; k < method.variant().chars().filter(ch -> ch == '+' || ch == '-').count();
                k++) {
            c = c.darker();
        }
        return c;
    }

    static Color faint(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 90);
    }
}
