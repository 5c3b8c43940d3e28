/**
 * The run loop and everything that makes a run durable: the step schedule, per-epoch CSV, the
 * provenance manifest and checkpoints, all written atomically so a killed run resumes exactly.
 */
package org.adabayes.train;
