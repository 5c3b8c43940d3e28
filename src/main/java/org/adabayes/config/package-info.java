/**
 * Run configuration: immutable records loaded from YAML or JSON, validated where they are built,
 * with the paper's protocol as every default. Nothing untyped leaves this package.
 */
package org.adabayes.config;
