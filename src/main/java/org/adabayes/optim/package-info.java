/**
 * The nine optimizers of Table 1 as DJL {@link ai.djl.training.optimizer.Optimizer} subclasses
 * with exactly the update rules of the PyTorch code the paper ran, a double-precision twin of each
 * rule for the NQM and for checking, and the factory from a run config.
 */
package org.adabayes.optim;
