/**
 * The noisy quadratic model of Zhang et al. (2019): steps-to-target against batch size in seconds,
 * exactly (linear rules, by their second-moment recursions) or by Monte-Carlo (Adam and the
 * AdaBayes pair, through the optim package's double-precision twins). Plain doubles, no DJL.
 *
 * <p>May import: io, optim.
 */
package org.adabayes.nqm;
