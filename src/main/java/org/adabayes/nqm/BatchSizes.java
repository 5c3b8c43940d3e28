package org.adabayes.nqm;

import java.util.ArrayList;
import java.util.List;
import org.adabayes.io.UserInputException;

/**
 * The {@code --batch-sizes} option. Every size must be a positive integer or power of two up to
 * 2^40, so that a doubling range always ends; every rejection names the option and the text it
 * came from, as every bad input of the CLI does.
 */
final class BatchSizes {
    /** The largest batch size a sweep takes (the paper's largest is 2^21). */
    static final long MAX_BATCH = 1L << 40;

    private BatchSizes() {}

    /** LO..HI (powers of two, doubling) or a comma list; sizes are integers or 2^E. */
    static List<Long> parse(String s) {
        List<Long> out = new ArrayList<>();
        try {
            if (s.contains("..")) {
                String[] p = s.split("\\.\\.", -1);
                if (p.length != 2) {
                    throw new NumberFormatException();
                }
                long lo = batchSize(p[0].trim(), s);
                long hi = batchSize(p[1].trim(), s);
                if (hi < lo) {
                    throw new UserInputException("--batch-sizes: '" + s + "' ends below its start");
                }
                for (long b = lo; b <= hi; b *= 2) {
                    out.add(b);
                }
            } else {
                for (String x : s.split(",", -1)) {
                    out.add(batchSize(x.trim(), s));
                }
            }
        } catch (NumberFormatException e) {
            throw new UserInputException("--batch-sizes: cannot parse '" + s
                    + "' (expected LO..HI or a comma list, e.g. 4..2^21)");
        }
        return out;
    }

    private static long batchSize(String x, String whole) {
        long v = x.startsWith("2^") ? pow2(Integer.parseInt(x.substring(2)), whole)
                : Long.parseLong(x);
        if (v < 1 || v > MAX_BATCH) {
            throw new UserInputException("--batch-sizes: " + x + " in '" + whole
                    + "' is outside 1..2^40");
        }
        return v;
    }

    private static long pow2(int e, String whole) {
        if (e < 0 || e > 40) {
            throw new UserInputException("--batch-sizes: 2^" + e + " in '" + whole
                    + "' is outside 1..2^40");
        }
        return 1L << e;
    }
}
