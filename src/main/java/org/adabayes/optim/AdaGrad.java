package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.adabayes.optim.OptimizerState.Slots;

/**
 * AdaGrad as torch.optim.Adagrad (lr_decay 0, initial accumulator 0), coupled L2:
 * d = g + wd w; s += d^2; w -= lr f d / (sqrt(s) + eps) ({@code docs/equations.md#adagrad}). The
 * NDArray form, the fused kernel and the double twin follow one another here.
 */
public final class AdaGrad extends StatefulOptimizer {
    private final double lr;
    private final double eps;
    private final double weightDecay;

    AdaGrad(Options o) {
        super(o, 0);
        lr = o.lr();
        eps = o.eps();
        weightDecay = o.weightDecay();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** AdaGrad's hyper-parameters: the paper's lr 0.01, eps 1e-10 and coupled L2 5e-4. */
    public record Options(Double lr, Double eps, Double weightDecay) implements OptimizerOptions {
        public Options {
            Hyper.positive("lr", lr);
            Hyper.nonNegative("eps", eps);
            Hyper.unit("weightDecay", weightDecay);
        }

        Options() {
            this(null, null, null);
        }

        @Override
        public OptimizerKind kind() {
            return OptimizerKind.ADAGRAD;
        }

        @Override
        public Options resolve(PaperNetwork network, int batchSize) {
            return new Options(Hyper.or(lr, 0.01), Hyper.or(eps, 1e-10),
                    Hyper.or(weightDecay, 5e-4));
        }

        @Override
        public AdaGrad create(int batchSize) {
            return new AdaGrad(this);
        }

        @Override
        public ScalarRule twin(int batchSize, int elements) {
            return AdaGrad.twin(this, elements);
        }
    }

    /** AdaGrad's options: lr, eps, weight decay. */
    public static final class Builder extends RuleBuilder<Builder> {
        private Double eps;

        Builder() {}

        /** eps, added to sqrt(s) (1e-10). */
        public Builder optEpsilon(float v) {
            eps = (double) v;
            return this;
        }

        @Override
        public AdaGrad build() {
            return new Options(lr, eps, weightDecay).resolve(network, 0).create(0);
        }
    }

    @Override
    protected List<Slot> slots() {
        return List.of(new Slot("sum", 0));
    }

    @Override
    protected void step(String id, int t, NDArray w, NDArray g, Slots s) {
        NDArray d = withL2(g, w, weightDecay);
        NDArray sum = s.get("sum", 0).addi(d.square());
        w.subi(d.div(sum.sqrt().addi(eps)).muli(lr * scheduleFactor()));
    }

    @Override
    protected Kernel kernel(int t) {
        float lr = (float) (this.lr * scheduleFactor());
        float eps = (float) this.eps;
        float wd = (float) weightDecay;
        return (w, g, s, n) -> {
            float[] sum = s[0];
            for (int i = 0; i < n; i++) {
                float d = g[i] + wd * w[i];
                sum[i] += d * d;
                w[i] -= lr * d / ((float) Math.sqrt(sum[i]) + eps);
            }
        };
    }

    @Override
    protected MultiTensor.Call multiTensor(int t) {
        return new MultiTensor.Call("adagrad", new double[] {lr * scheduleFactor(),
            weightDecay, eps});
    }

    /** The double-precision twin, {@code docs/equations.md#adagrad}. */
    static ScalarRule twin(Options o, int n) {
        double lr = o.lr();
        double eps = o.eps();
        double wd = o.weightDecay();
        double[] sum = new double[n];
        return (w, g, t, f) -> {
            for (int i = 0; i < n; i++) {
                double d = g[i] + wd * w[i];
                sum[i] += d * d;
                w[i] -= lr * f * d / (Math.sqrt(sum[i]) + eps);
            }
        };
    }
}
