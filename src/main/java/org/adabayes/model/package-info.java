/**
 * The paper's networks, built as DJL blocks with kuangliu/pytorch-cifar's topology (DJL's zoo
 * ResNetV1 uses bottleneck blocks at 32x32 and has no DenseNet), initialised as PyTorch would.
 *
 * <p>May import: data, io, optim (a network's family names the paper network whose
 * hyper-parameter column it takes).
 */
package org.adabayes.model;
