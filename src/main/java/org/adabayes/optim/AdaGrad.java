package org.adabayes.optim;

import static org.adabayes.optim.HyperParameter.EPS;
import static org.adabayes.optim.HyperParameter.LR;
import static org.adabayes.optim.HyperParameter.WEIGHT_DECAY;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * AdaGrad as torch.optim.Adagrad (lr_decay 0, initial accumulator 0), coupled L2:
 * d = g + wd w; s += d^2; w -= lr f d / (sqrt(s) + eps) ({@code docs/equations.md#adagrad}).
 */
public final class AdaGrad extends StatefulOptimizer {
    AdaGrad(HarnessBuilder<?> b) {
        super(b);
    }

    public static HarnessBuilder<AdaGrad> builder() {
        return new HarnessBuilder<>(OptimizerKind.ADAGRAD, AdaGrad::new);
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
}
