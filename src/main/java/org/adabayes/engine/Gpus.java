package org.adabayes.engine;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * The GPUs CUDA shows this process (CUDA_VISIBLE_DEVICES applies): name, memory and compute
 * capability, read through the CUDA runtime as DJL finds it, and the memory in use on each, for
 * a high-water mark. A machine without CUDA has none.
 */
public final class Gpus {
    /**
     * One GPU.
     *
     * @param index CUDA's device index
     * @param name the product name, e.g. "NVIDIA H100 80GB HBM3"
     * @param totalBytes its memory
     * @param capability compute capability, e.g. "9.0"
     */
    public record Gpu(int index, String name, long totalBytes, String capability) {}

    private Gpus() {}

    /** The visible GPUs (none without a CUDA runtime and driver). */
    public static List<Gpu> visible() {
        List<Gpu> out = new ArrayList<>();
        int n = CudaUtils.hasCuda() ? CudaUtils.getGpuCount() : 0;
        for (int i = 0; i < n; i++) {
            MemoryUsage mem = CudaUtils.getGpuMemory(Device.gpu(i));
            out.add(new Gpu(i, name(i), mem.getMax(), capability(i)));
        }
        return out;
    }

    /** Bytes of device memory in use now (every process's, and libtorch's cache included). */
    public static long usedBytes(int index) {
        MemoryUsage mem = CudaUtils.getGpuMemory(Device.gpu(index));
        return mem.getUsed();
    }

    /** "86" as "8.6". */
    static String capability(int index) {
        String cc = CudaUtils.getComputeCapability(index);
        return cc.length() >= 2 && !cc.contains(".")
                ? cc.substring(0, cc.length() - 1) + "." + cc.substring(cc.length() - 1) : cc;
    }

    /**
     * The device's name from cudaGetDeviceProperties, whose struct begins with it (char[256]);
     * the rest of the struct is left in a buffer larger than any CUDA version's.
     */
    static String name(int index) {
        try {
            NativeLibrary cudart = NativeLibrary.getInstance("cudart");
            Function f;
            try {
                f = cudart.getFunction("cudaGetDeviceProperties_v2");
            } catch (UnsatisfiedLinkError e) {
                f = cudart.getFunction("cudaGetDeviceProperties");
            }
            try (Memory props = new Memory(16384)) {
                props.clear();
                int rc = f.invokeInt(new Object[] {props, index});
                return rc == 0 ? props.getString(0) : "unknown (cudaGetDeviceProperties " + rc
                        + ")";
            }
        } catch (UnsatisfiedLinkError e) {
            return "unknown (no libcudart: " + e.getMessage() + ")";
        }
    }
}
