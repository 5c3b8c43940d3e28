/**
 * Every benchmark, harness-only and side by side with PyTorch: whole training steps per network,
 * the step in parts, optimizer steps on a network's parameter shapes, and batched augmentation.
 * Benchmarks print numbers; nothing here is used by a training run (djl-bench keeps its own
 * module for the same reason).
 *
 * <p>May import: config, data, engine, io, model, optim, parity, train.
 */
package org.adabayes.bench;
