package org.adabayes.optim;

import static org.adabayes.optim.HyperParameter.LR;
import static org.adabayes.optim.HyperParameter.MOMENTUM;
import static org.adabayes.optim.HyperParameter.WEIGHT_DECAY;

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
    Sgd(Builder b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** SGD's options: lr, momentum, weight decay. */
    public static final class Builder extends RuleBuilder<Builder, Sgd>
            implements Options.Momentum<Builder> {
        Builder() {
            super(OptimizerKind.SGD, Sgd::new);
        }
    }

    @Override
    protected List<Slot> slots() {
        return number(MOMENTUM) == 0 ? List.of() : List.of(new Slot("momentum", 0));
    }

    @Override
    protected void step(String id, int t, NDArray w, NDArray g, Slots s) {
        NDArray d = withL2(g, w, number(WEIGHT_DECAY));
        double mu = number(MOMENTUM);
        NDArray step = mu == 0 ? d : s.get("momentum", 0).muli(mu).addi(d);
        w.subi(step.mul(number(LR) * scheduleFactor()));
    }

    @Override
    protected Kernel kernel(int t) {
        float lr = (float) (number(LR) * scheduleFactor());
        float mu = (float) number(MOMENTUM);
        float wd = (float) number(WEIGHT_DECAY);
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
        return new MultiTensor.Call("sgd", new double[] {number(LR) * scheduleFactor(),
            number(MOMENTUM), number(WEIGHT_DECAY)});
    }

    /** The double-precision twin, {@code docs/equations.md#sgd}. */
    static ScalarRule twin(OptimizerSpec o, int batch, int n) {
        double lr = o.number(LR);
        double mom = o.number(MOMENTUM);
        double wd = o.number(WEIGHT_DECAY);
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
