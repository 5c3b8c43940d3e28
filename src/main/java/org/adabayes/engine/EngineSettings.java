package org.adabayes.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.adabayes.config.EngineSpec;

/**
 * Puts a run's {@link EngineSpec} into libtorch and reads back what libtorch holds, for the
 * manifest and {@code adabayes doctor}. cuDNN's autotuner and the thread counts go through DJL's
 * own API ({@code JniUtils}); DJL 0.32 has none for TF32 or deterministic algorithms, so those
 * call libtorch's global context ({@code at::globalContext()}, the object behind {@code
 * torch.backends.*}) by its exported C++ symbols, a member function being a plain function with
 * the object as its first argument. A libtorch without those symbols fails the run with a message
 * naming the setting, rather than running with a setting other than the one recorded.
 */
public final class EngineSettings {
    /** cuBLAS's setting for reproducible matmuls, needed before deterministic algorithms. */
    static final String CUBLAS_WORKSPACE = "CUBLAS_WORKSPACE_CONFIG";

    private EngineSettings() {}

    /** Applies every setting of {@code spec} (defaults where it says nothing). */
    public static synchronized void apply(EngineSpec spec) {
        Engine.getEngine("PyTorch");
        boolean deterministic = spec.deterministicOrDefault();
        if (deterministic && System.getenv(CUBLAS_WORKSPACE) == null) {
            Function setenv = NativeLibrary.getInstance("c").getFunction("setenv");
            setenv.invokeInt(new Object[] {CUBLAS_WORKSPACE, ":4096:8", 1});
        }
        JniUtils.setBenchmarkCuDNN(spec.cudnnBenchmarkOrDefault());
        Pointer ctx = context("engine.deterministic");
        call("_ZN2at7Context26setDeterministicAlgorithmsEbb", "engine.deterministic", ctx,
                deterministic ? 1 : 0, 0);
        call("_ZN2at7Context21setDeterministicCuDNNEb", "engine.deterministic", ctx,
                deterministic ? 1 : 0);
        int tf32 = spec.tf32OrDefault() ? 1 : 0;
        call("_ZN2at7Context18setAllowTF32CuBLASEb", "engine.tf32", ctx, tf32);
        call("_ZN2at7Context17setAllowTF32CuDNNEb", "engine.tf32", ctx, tf32);
    }

    /** Sets libtorch's intra-op threads (0 keeps its default, one per core). */
    public static void threads(int intraOp) {
        Engine.getEngine("PyTorch");
        if (intraOp > 0) {
            JniUtils.setNumThreads(intraOp);
        }
    }

    /** What libtorch holds now, by the names the config and the manifest use. */
    public static synchronized Map<String, String> current() {
        Engine.getEngine("PyTorch");
        Map<String, String> m = new LinkedHashMap<>();
        Pointer ctx = context("engine settings");
        m.put("cudnnBenchmark", flag("_ZNK2at7Context14benchmarkCuDNNEv", ctx));
        m.put("deterministic", flag("_ZNK2at7Context23deterministicAlgorithmsEv", ctx));
        m.put("cudnnDeterministic", flag("_ZNK2at7Context18deterministicCuDNNEv", ctx));
        m.put("tf32Matmul", flag("_ZNK2at7Context15allowTF32CuBLASEv", ctx));
        m.put("tf32Cudnn", flag("_ZNK2at7Context14allowTF32CuDNNEv", ctx));
        m.put("intraOpThreads", String.valueOf(JniUtils.getNumThreads()));
        m.put("interOpThreads", String.valueOf(JniUtils.getNumInteropThreads()));
        return m;
    }

    private static NativeLibrary torch() {
        return NativeLibrary.getInstance(Path.of(LibUtils.getLibtorchPath())
                .resolve("libtorch_cpu.so").toString());
    }

    private static Pointer context(String setting) {
        try {
            return torch().getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("cannot reach libtorch's global context for "
                    + setting + " in " + LibUtils.getLibtorchPath() + ": " + e.getMessage(), e);
        }
    }

    private static void call(String symbol, String setting, Pointer ctx, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = ctx;
        System.arraycopy(args, 0, all, 1, args.length);
        try {
            torch().getFunction(symbol).invokeVoid(all);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("cannot apply " + setting + ": libtorch in "
                    + LibUtils.getLibtorchPath() + " lacks " + symbol + " (not libtorch 2.x?)", e);
        }
    }

    private static String flag(String symbol, Pointer ctx) {
        try {
            return String.valueOf((torch().getFunction(symbol).invokeInt(new Object[] {ctx})
                    & 0xff) != 0);
        } catch (UnsatisfiedLinkError e) {
            return "unknown";
        }
    }
}
