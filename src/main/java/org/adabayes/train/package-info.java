/**
 * The run loop and what makes a run durable: {@link org.adabayes.train.RunLoop} reads as DJL's
 * EasyTrain (epochs, then listeners for the CSV row, divergence, LR trace, checkpoint, manifest
 * and log line), {@link org.adabayes.train.RunSession} is the run directory's transaction, and the
 * step, epoch, evaluation, checkpoints and sweep runner sit beside them; every file is written
 * atomically so a killed run resumes exactly.
 *
 * <p>May import: config, data, engine, io, model, optim, rundir.
 */
package org.adabayes.train;
