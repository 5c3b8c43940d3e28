/**
 * Run configuration: immutable records loaded from YAML or JSON, validated where they are built,
 * with the paper's protocol as every default, the device choice, and the method vocabulary
 * ({@link org.adabayes.config.Method}) that {@code report} and {@code rundir} speak. Nothing
 * untyped leaves this package. The optimizer part of a config is the registry's
 * ({@code optim.OptimizerOptions}, one record per rule), which validates it.
 *
 * <p>May import: data, io, model, optim (the dataset, network and optimizer parts of a config
 * are their registries' records, which validate them).
 */
package org.adabayes.config;
