/**
 * The optimizers of Table 1 (and AdaBayes-KF) as DJL {@link ai.djl.training.optimizer.Optimizer}
 * subclasses with exactly the update rules of the code that produced the paper's numbers. One
 * file per rule holds its options record (hyper-parameters, paper defaults, ranges), its NDArray
 * form, its fused float32 kernel, its multi-tensor scalars, its double-precision twin and its
 * typed builder; {@link org.adabayes.optim.OptimizerKind} is the registry of names, roles and
 * options records, which configs name through {@link org.adabayes.optim.OptimizerOptions};
 * {@link org.adabayes.optim.OptimizerState} keeps and checkpoints their state.
 *
 * <p>May import: io.
 */
package org.adabayes.optim;
