package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.adabayes.optim.OptimizerState.Slots;

/**
 * SGD with heavy-ball momentum in PyTorch's form (torch.optim.SGD, dampening 0), which the paper's
 * baselines used: d = g + wd w; b = mu b + d (b = d at the first step); w -= lr f b
 * ({@code docs/equations.md#sgd}). DJL's own Sgd is not used because its state cannot be
 * checkpointed. The NDArray form, the fused kernel and the double twin follow one another here.
 */
public final class Sgd extends StatefulOptimizer {
    private final double lr;
    private final double momentum;
    private final double weightDecay;

    Sgd(Options o) {
        super(o, 0);
        lr = o.lr();
        momentum = o.momentum();
        weightDecay = o.weightDecay();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * SGD's hyper-parameters: the paper's lr 0.1, momentum 0.9 and coupled L2 5e-4 on both
     * networks.
     */
    public record Options(Double lr, Double momentum, Double weightDecay)
            implements OptimizerOptions {
        public Options {
            Hyper.positive("lr", lr);
            Hyper.unit("momentum", momentum);
            Hyper.unit("weightDecay", weightDecay);
        }

        Options() {
            this(null, null, null);
        }

        @Override
        public OptimizerKind kind() {
            return OptimizerKind.SGD;
        }

        @Override
        public Options resolve(PaperNetwork network, int batchSize) {
            return new Options(Hyper.or(lr, 0.1), Hyper.or(momentum, 0.9),
                    Hyper.or(weightDecay, 5e-4));
        }

        @Override
        public Sgd create(int batchSize) {
            return new Sgd(this);
        }

        @Override
        public ScalarRule twin(int batchSize, int elements) {
            return Sgd.twin(this, elements);
        }
    }

    /** SGD's options: lr, momentum, weight decay. */
    public static final class Builder extends RuleBuilder<Builder> {
        private Double momentum;

        Builder() {}

        /** Heavy-ball momentum mu (0.9). */
        public Builder optMomentum(float v) {
            momentum = (double) v;
            return this;
        }

        @Override
        public Sgd build() {
            return new Options(lr, momentum, weightDecay).resolve(network, 0).create(0);
        }
    }

    @Override
    protected List<Slot> slots() {
        return momentum == 0 ? List.of() : List.of(new Slot("momentum", 0));
    }

    @Override
    protected void step(String id, int t, NDArray w, NDArray g, Slots s) {
        NDArray d = withL2(g, w, weightDecay);
        double mu = momentum;
        NDArray step = mu == 0 ? d : s.get("momentum", 0).muli(mu).addi(d);
        w.subi(step.mul(lr * scheduleFactor()));
    }

    @Override
    protected Kernel kernel(int t) {
        float lr = (float) (this.lr * scheduleFactor());
        float mu = (float) momentum;
        float wd = (float) weightDecay;
        if (mu == 0) {
            return (w, g, s, n) -> {
                for (int i = 0; i < n; i++) {
                    w[i] -= lr * (g[i] + wd * w[i]);
                }
            };
        }
        return (w, g, s, n) -> {
            float[] buf = s[0];
            for (int i = 0; i < n; i++) {
                buf[i] = mu * buf[i] + (g[i] + wd * w[i]);
                w[i] -= lr * buf[i];
            }
        };
    }

    @Override
    protected MultiTensor.Call multiTensor(int t) {
        return new MultiTensor.Call("sgd", new double[] {lr * scheduleFactor(),
            momentum, weightDecay});
    }

    /** The double-precision twin, {@code docs/equations.md#sgd}. */
    static ScalarRule twin(Options o, int n) {
        double lr = o.lr();
        double mom = o.momentum();
        double wd = o.weightDecay();
        double[] buf = new double[n];
        return (w, g, t, f) -> {
            for (int i = 0; i < n; i++) {
                double d = g[i] + wd * w[i];
                buf[i] = t == 1 ? d : mom * buf[i] + d;
                w[i] -= lr * f * buf[i];
            }
        };
    }
}
