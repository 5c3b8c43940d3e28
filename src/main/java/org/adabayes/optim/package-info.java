/**
 * The optimizers of Table 1 (and AdaBayes-KF) as DJL {@link ai.djl.training.optimizer.Optimizer}
 * subclasses with exactly the update rules of the code that produced the paper's numbers. One
 * file per rule holds its NDArray form, its fused float32 kernel, its double-precision twin and its
 * typed builder (its options from {@link org.adabayes.optim.Options}, each written once);
 * {@link org.adabayes.optim.OptimizerKind} is the registry of names, defaults and factories;
 * {@link org.adabayes.optim.OptimizerState} keeps and checkpoints their state.
 *
 * <p>May import: io.
 */
package org.adabayes.optim;
