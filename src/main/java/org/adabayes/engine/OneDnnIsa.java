package org.adabayes.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.adabayes.model.ModelSpec;
import org.adabayes.model.Models;
import org.adabayes.model.TorchNet;

/**
 * Works around a oneDNN bug in DJL 0.32's libtorch 2.5.1 (oneDNN 3.5): the input gradient of a
 * stride-1 3x3 convolution whose output channel count is not a multiple of the kernel's channel
 * block (16 with AVX-512, 8 with AVX2) is garbage, 96-99% of the elements wrong and sometimes NaN,
 * so such a network diverges in its first epoch on an AVX-512 CPU (Debian's PyTorch 1.13, with
 * oneDNN 2.6, computes the same gradient correctly). Before the first convolution of the process,
 * the instruction sets oneDNN may use are capped: none where every such convolution of the
 * process's networks has a multiple of 16 output channels (the paper's networks), AVX2 where they
 * are multiples of 8 (ResNet-18 at 1/8 width), AVX otherwise (about 15-20% slower on the CPU; a GPU
 * does not use oneDNN). A value already in ONEDNN_MAX_CPU_ISA is kept. oneDNN reads the variable
 * with getenv when it creates its first primitive, and Java cannot change its own environment, so
 * it is set through libc.
 */
public final class OneDnnIsa {
    static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";
    private static String applied;

    private OneDnnIsa() {}

    /** The cap the networks need: null (none), AVX2 or AVX. */
    static String needed(Collection<? extends TorchNet> nets) {
        TreeSet<Integer> outs = new TreeSet<>();
        nets.forEach(n -> outs.addAll(n.spatialConvOutputs()));
        if (outs.stream().allMatch(c -> c % 16 == 0)) {
            return null;
        }
        return outs.stream().allMatch(c -> c % 8 == 0) ? "AVX2" : "AVX";
    }

    /** How strong a cap is: none 0, AVX2 1, AVX 2. */
    private static int rank(String cap) {
        return cap == null ? 0 : cap.equals("AVX2") ? 1 : 2;
    }

    /** The cap oneDNN runs under in this process (the user's, or {@link #apply}'s), or null. */
    public static synchronized String cap() {
        String set = System.getenv(VARIABLE);
        return set != null ? set : applied;
    }

    /**
     * Caps oneDNN for every network this process will run; call before the first of them runs.
     *
     * @throws IllegalStateException if an earlier call set a weaker cap than these networks need
     */
    public static synchronized void apply(List<ModelSpec> models, PrintStream log) {
        if (System.getenv(VARIABLE) != null) {
            return;
        }
        List<TorchNet> nets = models.stream().map(m -> Models.build(m, 3, 10)).toList();
        String need = needed(nets);
        if (rank(need) <= rank(applied)) {
            return;
        }
        if (applied != null) {
            throw new IllegalStateException("oneDNN is capped at " + applied + " in this process "
                    + "and a network needs " + need + "; run it in a process of its own or set "
                    + VARIABLE + "=" + need);
        }
        Function setenv = NativeLibrary.getInstance("c").getFunction("setenv");
        for (String name : new String[] {VARIABLE, "DNNL_MAX_CPU_ISA"}) {
            setenv.invokeInt(new Object[] {name, need, 1});
        }
        applied = need;
        if (log != null && need.equals("AVX")) {
            log.println("oneDNN capped at AVX: a 3x3 convolution has output channels that are not "
                    + "a multiple of 8 (see docs/performance.md, oneDNN cap)");
        }
    }
}
