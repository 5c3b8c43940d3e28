package org.adabayes.engine;

import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.adabayes.io.AtomicFiles;

/**
 * Makes a CUDA build (-Pcuda) start on a machine without a GPU (a cluster's login node, a CI
 * runner). DJL matches the native jar's platform against the machine's: with no GPU the CUDA
 * libtorch does not match, and DJL goes to download the CPU one, which an offline run cannot
 * (it fails with "Failed to save pytorch index file"). Yet a CUDA libtorch runs on the CPU. So
 * before the engine loads, the CUDA libraries of the jar are extracted to a directory of their
 * own beside DJL's cache and DJL is pointed at them (PYTORCH_LIBRARY_PATH, PYTORCH_FLAVOR). One
 * library is left out: libcaffe2_nvrtc, the only one linked against the CUDA driver (libcuda.so.1,
 * absent without a GPU), which libtorch itself opens only when it compiles a GPU kernel; DJL loads
 * every library in the directory, and would fail on it. On a machine with a GPU, or with the CPU
 * build, nothing changes.
 */
public final class Natives {
    private static final String PROPERTIES = "native/lib/pytorch.properties";
    /** The one library linked against the CUDA driver. */
    private static final String NEEDS_DRIVER = "libcaffe2_nvrtc";
    private static String note;

    private Natives() {}

    /** The note of {@link #select} when it pointed DJL at extracted CUDA natives, else null. */
    public static synchronized String note() {
        return note;
    }

    /**
     * Prepares the engine's natives; call before any DJL engine class is used. Returns a note to
     * print once when the CUDA build runs on the CPU, else null.
     */
    public static synchronized String select() {
        if (note != null || Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH") != null) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Natives.class.getClassLoader().getResourceAsStream(PROPERTIES)) {
            if (in == null) {
                return null;
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROPERTIES, e);
        }
        String flavor = p.getProperty("flavor", "");
        if (!flavor.startsWith("cu") || CudaUtils.getGpuCount() > 0) {
            return null;
        }
        String classifier = p.getProperty("classifier");
        Path dir = Utils.getEngineCacheDir("pytorch").resolve(p.getProperty("version") + "-"
                + flavor + "-" + classifier + "-no-gpu");
        try {
            for (String lib : p.getProperty("libraries").split(",")) {
                Path target = dir.resolve(lib.trim());
                if (Files.exists(target) || lib.trim().startsWith(NEEDS_DRIVER)) {
                    continue;
                }
                String resource = "pytorch/" + flavor + "/" + classifier + "/" + lib.trim();
                try (InputStream in = Natives.class.getClassLoader()
                        .getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IOException("the CUDA natives jar lacks " + resource);
                    }
                    AtomicFiles.write(target, in::transferTo);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the CUDA natives to " + dir, e);
        }
        System.setProperty("PYTORCH_LIBRARY_PATH", dir.toString());
        System.setProperty("PYTORCH_FLAVOR", flavor);
        note = "CUDA build, no GPU visible: libtorch " + flavor + " runs on the CPU";
        return note;
    }
}
