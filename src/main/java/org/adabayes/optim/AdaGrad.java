package org.adabayes.optim;

import static org.adabayes.optim.HyperParameter.EPS;
import static org.adabayes.optim.HyperParameter.LR;
import static org.adabayes.optim.HyperParameter.WEIGHT_DECAY;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.adabayes.optim.OptimizerState.Slots;

/**
 * AdaGrad as torch.optim.Adagrad (lr_decay 0, initial accumulator 0), coupled L2:
 * d = g + wd w; s += d^2; w -= lr f d / (sqrt(s) + eps) ({@code docs/equations.md#adagrad}). The
 * NDArray form, the fused kernel and the double twin follow one another here.
 */
public final class AdaGrad extends StatefulOptimizer {
    AdaGrad(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** AdaGrad's options: lr, eps, weight decay. */
    public static final class Builder extends RuleBuilder<Builder, AdaGrad>
            implements Options.Epsilon<Builder> {
        Builder() {
            super(OptimizerKind.ADAGRAD, AdaGrad::new);
        }
    }

    @Override
    protected List<Slot> slots() {
        return List.of(new Slot("sum", 0));
    }

    @Override
    protected void step(String id, int t, NDArray w, NDArray g, Slots s) {
        NDArray d = withL2(g, w, number(WEIGHT_DECAY));
        NDArray sum = s.get("sum", 0).addi(d.square());
        w.subi(d.div(sum.sqrt().addi(number(EPS))).muli(number(LR) * scheduleFactor()));
    }

    @Override
    protected Kernel kernel(int t) {
        float lr = (float) (number(LR) * scheduleFactor());
        float eps = (float) number(EPS);
        float wd = (float) number(WEIGHT_DECAY);
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
        return new MultiTensor.Call("adagrad", new double[] {number(LR) * scheduleFactor(),
            number(WEIGHT_DECAY), number(EPS)});
    }

    /** The double-precision twin, {@code docs/equations.md#adagrad}. */
    static ScalarRule twin(OptimizerSpec o, int batch, int n) {
        double lr = o.number(LR);
        double eps = o.number(EPS);
        double wd = o.number(WEIGHT_DECAY);
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
