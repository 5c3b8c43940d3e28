/**
 * Table 1 and the paper's figures from run directories alone (config.yaml, manifest.json,
 * epochs.csv, lr_trace.csv): results copied off a cluster are reported without the training code.
 */
package org.adabayes.report;
