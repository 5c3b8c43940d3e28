package org.adabayes.config;

/**
 * How the engine computes a run, as opposed to what it computes: settings that change speed or
 * the last bits of the numbers, and so belong to a run's identity. Every field left out takes its
 * default, and a section that sets nothing is dropped from the resolved config, so runs made
 * before the section existed keep their identity.
 *
 * @param precision float32 (default) or float64 ({@link Precision})
 */
public record EngineSpec(Precision precision) {
    /** The precision this section asks for, float32 when it does not say. */
    public Precision precisionOrDefault() {
        return precision == null ? Precision.FLOAT32 : precision;
    }

    /** Whether every field takes its default (the section is then left out of the config). */
    public boolean allDefaults() {
        return precision == null;
    }
}
