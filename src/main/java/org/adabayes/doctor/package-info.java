/**
 * {@code adabayes doctor}: what a user runs on a new machine before a sweep. It reports the
 * engine, natives, GPUs and numeric switches, and checks on every device that the optimizers'
 * steps match the CPU's, that a GPU step is one multi-tensor call, and how fast ResNet-34 trains,
 * ending in a verdict. Built from the run's own parts ({@code train.RunParts}), so what it checks
 * is what a run trains.
 *
 * <p>May import: bench, config, engine, io, model, optim, train.
 */
package org.adabayes.doctor;
