/**
 * Datasets from local files only (CIFAR binary distributions, Debian's Fashion-MNIST, generated
 * CIFAR-format data), and the batched augmentation and normalisation of the paper's protocol,
 * all seeded so a resumed run sees the same batches as an uninterrupted one.
 *
 * <p>May import: io.
 */
package org.adabayes.data;
