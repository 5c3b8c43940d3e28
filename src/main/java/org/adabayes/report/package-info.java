/**
 * Table 1 and the paper's figures from run directories alone (config.yaml, manifest.json,
 * epochs.csv, lr_trace.csv): results copied off a cluster are reported without the training code.
 *
 * <p>May import: config, data, io, model, rundir, optim (titles come from the dataset and
 * network registries; Fig. 3 draws eq. (21), {@code AdaBayesFp.fixedPoint},
 * beside the traced rates).
 */
package org.adabayes.report;
