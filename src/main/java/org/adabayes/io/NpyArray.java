package org.adabayes.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One NumPy array as the .npy format stores it: a little-endian element type, a C-order shape and
 * the raw bytes. Only what a state_dict and a batch need: float32, float64, int64.
 *
 * @param dtype {@code <f4}, {@code <f8} or {@code <i8}
 */
public record NpyArray(String dtype, long[] shape, byte[] data) {
    public static final String F4 = "<f4";
    public static final String F8 = "<f8";
    public static final String I8 = "<i8";

    public NpyArray {
        int width = width(dtype);
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (n * width != data.length) {
            throw new IllegalArgumentException(dtype + " " + Arrays.toString(shape) + " needs "
                    + n * width + " bytes, got " + data.length);
        }
    }

    static int width(String dtype) {
        return switch (dtype) {
            case F4 -> 4;
            case F8, I8 -> 8;
            default -> throw new IllegalArgumentException("unsupported dtype " + dtype
                    + " (float32, float64 and int64 are)");
        };
    }

    public long size() {
        return data.length / width(dtype);
    }

    /** The values as doubles, whatever the element type. */
    public double[] toDoubles() {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[(int) size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (dtype) {
                case F4 -> b.getFloat(4 * i);
                case F8 -> b.getDouble(8 * i);
                default -> b.getLong(8 * i);
            };
        }
        return out;
    }

    public static NpyArray ofDoubles(double[] v, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return new NpyArray(F8, shape, b.array());
    }

    public static NpyArray ofFloats(float[] v, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return new NpyArray(F4, shape, b.array());
    }

    public static NpyArray ofLongs(long[] v, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return new NpyArray(I8, shape, b.array());
    }
}
