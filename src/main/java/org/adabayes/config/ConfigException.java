package org.adabayes.config;

/**
 * A config that cannot be used. The message is the whole one-line diagnosis a user sees: file,
 * field path and problem, so the CLI prints it as it is and exits with code 2.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
