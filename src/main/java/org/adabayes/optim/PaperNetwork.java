package org.adabayes.optim;

import java.util.Locale;

/**
 * The two networks of the paper's Table 1. Their columns of the hyper-parameter table differ
 * (Adam's and AMSGrad's beta1), so every default is looked up for one of them; a scaled sibling
 * (ResNet-18, a narrow DenseNet) takes the defaults of the paper network it shrinks.
 */
public enum PaperNetwork {
    RESNET34,
    DENSENET121;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
