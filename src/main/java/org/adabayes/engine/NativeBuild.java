package org.adabayes.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which libtorch this process runs and what it was built for: the flavour (cpu or a CUDA
 * version) and where it came from (the natives jar of the build, or a user's {@code
 * PYTORCH_LIBRARY_PATH}), the CUDA and cuDNN versions, and the GPU architectures it has kernels
 * for. What a user checks first when a GPU run is slow or wrong, and what {@code adabayes doctor}
 * reports.
 *
 * @param flavour {@code cpu}, or {@code cuXYZ} for a CUDA build
 * @param libtorch libtorch's version as loaded
 * @param source where the natives came from, in words
 * @param path the directory libtorch was loaded from
 * @param cuda the CUDA version the build targets and the runtime's, or "none"
 * @param cudnn cuDNN's version as its library reports it, or "none"
 * @param archs the compute capabilities the build has kernels for (empty for a CPU build)
 */
public record NativeBuild(String flavour, String libtorch, String source, String path,
        String cuda, String cudnn, List<String> archs) {
    private static final String PROPERTIES = "native/lib/pytorch.properties";
    /**
     * The architectures of the official libtorch 2.5 CUDA builds DJL 0.32 ships
     * (TORCH_CUDA_ARCH_LIST, no PTX): a GPU of another major version has no kernels.
     */
    static final List<String> ARCHS_2_5 = List.of("5.0", "6.0", "7.0", "7.5", "8.0", "8.6",
            "9.0");

    /** The build this process loaded (loads the engine). */
    public static NativeBuild probe() {
        Engine e = Engine.getEngine("PyTorch");
        Properties jar = jarProperties();
        String path = LibUtils.getLibtorchPath();
        boolean user = System.getenv("PYTORCH_LIBRARY_PATH") != null
                || (System.getProperty("PYTORCH_LIBRARY_PATH") != null && Natives.note() == null);
        String flavour;
        String source;
        if (user) {
            flavour = Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR",
                    Files.exists(Path.of(path, "libtorch_cuda.so")) ? "cuda" : "cpu");
            source = "PYTORCH_LIBRARY_PATH (the user's libtorch, not the build's jar)";
        } else {
            flavour = jar.getProperty("flavor", "?");
            source = "the build's natives jar (pytorch-native-" + (flavour.startsWith("cu")
                    ? "cu" : "cpu") + " " + jar.getProperty("version", "?") + ")"
                    + (Natives.note() != null ? "; " + Natives.note() : "");
        }
        boolean cudaBuild = flavour.startsWith("cu") || JniUtils.getFeatures().contains("CUDA");
        String cuda = "none (CPU build)";
        String cudnn = "none";
        List<String> archs = List.of();
        if (cudaBuild) {
            cuda = "built for " + cudaOf(flavour) + ", runtime " + (CudaUtils.hasCuda()
                    ? runtime(CudaUtils.getCudaVersion()) : "none (no GPU or driver visible)");
            cudnn = cudnnVersion(Path.of(path));
            archs = e.getVersion().startsWith("2.5") ? ARCHS_2_5 : List.of();
        }
        return new NativeBuild(flavour, e.getVersion(), source, path, cuda, cudnn, archs);
    }

    /**
     * Whether the build has kernels for compute capability {@code cc} ("8.9"): a cubin of the
     * same major version and no higher minor runs there. Null when the arch list is unknown
     * (a user's libtorch): then only running a kernel tells.
     */
    public Boolean hasKernelsFor(String cc) {
        if (archs.isEmpty()) {
            return null;
        }
        return hasKernelsFor(archs, cc);
    }

    static boolean hasKernelsFor(List<String> archs, String cc) {
        String[] want = cc.split("\\.");
        for (String a : archs) {
            String[] have = a.split("\\.");
            if (have[0].equals(want[0])
                    && Integer.parseInt(have[1]) <= Integer.parseInt(want[1])) {
                return true;
            }
        }
        return false;
    }

    /** "cu124" as "CUDA 12.4". */
    static String cudaOf(String flavour) {
        if (!flavour.matches("cu\\d{3,}")) {
            return "CUDA (" + flavour + ")";
        }
        String d = flavour.substring(2);
        return "CUDA " + d.substring(0, d.length() - 1) + "." + d.substring(d.length() - 1);
    }

    /** cudaRuntimeGetVersion's 12040 as "12.4". */
    static String runtime(int v) {
        return v / 1000 + "." + (v % 1000) / 10;
    }

    /** cudnnGetVersion of the cuDNN beside libtorch (9.x: 90100 is 9.1.0; 8.x: 8902 is 8.9.2). */
    static String cudnnVersion(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            TreeSet<Path> libs = new TreeSet<>(s.filter(p -> p.getFileName().toString()
                    .startsWith("libcudnn.so") || p.getFileName().toString()
                    .matches("libcudnn-[0-9a-f]+\\.so.*")).toList());
            if (libs.isEmpty()) {
                return "not beside libtorch (the system's, if any)";
            }
            long v = NativeLibrary.getInstance(libs.first().toString())
                    .getFunction("cudnnGetVersion").invokeLong(new Object[0]);
            return cudnnString(v);
        } catch (IOException | UnsatisfiedLinkError e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static String cudnnString(long v) {
        if (v >= 90000) {
            return String.format(Locale.ROOT, "%d.%d.%d", v / 10000, (v % 10000) / 100, v % 100);
        }
        return String.format(Locale.ROOT, "%d.%d.%d", v / 1000, (v % 1000) / 100, v % 100);
    }

    private static Properties jarProperties() {
        Properties p = new Properties();
        try (InputStream in = NativeBuild.class.getClassLoader().getResourceAsStream(PROPERTIES)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROPERTIES, e);
        }
        return p;
    }
}
