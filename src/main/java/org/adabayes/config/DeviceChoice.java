package org.adabayes.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The device a run or a benchmark asks for, parsed once where a config or an option is read:
 * {@code auto} takes the GPU when PyTorch sees one, else the CPU; {@code gpu} insists on one. Which
 * device that is on this machine is the engine's question ({@code engine.Devices}).
 */
public enum DeviceChoice {
    AUTO, CPU, GPU;

    /** The config's spelling, any case; the error lists the choices. */
    @JsonCreator
    public static DeviceChoice parse(String text) {
        for (DeviceChoice d : values()) {
            if (d.name().equalsIgnoreCase(text)) {
                return d;
            }
        }
        throw new IllegalArgumentException("must be " + Arrays.stream(values())
                .map(DeviceChoice::toString).collect(Collectors.joining(", "))
                .replaceFirst(", (\\w+)$", " or $1") + ", got '" + text + "'");
    }

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
