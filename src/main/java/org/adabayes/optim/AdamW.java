package org.adabayes.optim;

/**
 * AdamW as torch.optim.AdamW: w *= 1 - lr f wd, then Adam's step on the raw gradient. The
 * protocol's lambda = 5e-5 is the per-step decay at the base rate, so it decays by lambda f. Built
 * by {@link Adam} with the weight decay decoupled.
 */
public final class AdamW {
    private AdamW() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Builder in DJL's shape; weight decay defaults to the paper's lambda = 5e-5. */
    public static final class Builder extends Adam.Builder {
        Builder() {
            weightDecay = 5e-5f;
        }

        @Override
        public Adam build() {
            check();
            if (amsgrad) {
                throw new IllegalArgumentException("AdamW with amsgrad is not in Table 1");
            }
            return new Adam(this, true);
        }
    }
}
