/**
 * The run directory: its file names, the epoch CSV and LR-trace schemas, the manifest and its run
 * states, and where a run lives below a results folder. {@code train} writes through it and
 * {@code report} reads through it, so both agree on every name and format.
 *
 * <p>May import: config, io.
 */
package org.adabayes.rundir;
