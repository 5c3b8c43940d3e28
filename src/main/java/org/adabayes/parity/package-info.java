/**
 * The PyTorch parity checks: the step-by-step check against the reference's replay, the
 * whole-run check on identical streams, the driver of the Python reference, and the export and
 * import of weights in the {@code .npz} form PyTorch reads. It trains through {@code train}'s own
 * step and epoch, so what it proves holds for a training run.
 *
 * <p>May import: config, data, engine, io, model, optim, rundir, train.
 */
package org.adabayes.parity;
