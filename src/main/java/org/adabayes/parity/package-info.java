/**
 * The PyTorch parity checks: the step-by-step check against the reference's replay, the
 * whole-run check on identical streams, the driver of the Python reference, and the export and
 * import of weights in the {@code .npz} form PyTorch reads. Its parts are a run's own
 * ({@code train.RunParts}), its batches come from the run's batch stream and its epochs from the
 * run's epoch runner, so what it proves holds for a training run.
 *
 * <p>May import: config, data, engine, io, model, optim, rundir, train.
 */
package org.adabayes.parity;
