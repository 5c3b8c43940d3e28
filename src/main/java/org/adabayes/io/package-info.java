/**
 * The tool's boundary with the user's files and words: atomic, durable writes of every file it
 * produces, and the one exception type for input it cannot use (exit code 2).
 *
 * <p>May import: nothing of the harness (it is the bottom).
 */
package org.adabayes.io;
