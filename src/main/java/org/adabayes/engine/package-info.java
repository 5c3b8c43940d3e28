/**
 * The platform under DJL: the offline and telemetry guards every entry point sets before DJL
 * loads, native library loading and libtorch's stderr filtering, the oneDNN ISA cap, the device
 * choice, and the versions a manifest records. Kept apart so that what depends on the machine is
 * in one place, as DJL keeps native loading inside its engine.
 *
 * <p>May import: config, io, model (the ISA cap depends on the network).
 */
package org.adabayes.engine;
