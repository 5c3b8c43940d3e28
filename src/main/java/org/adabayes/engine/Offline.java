package org.adabayes.engine;

/**
 * DJL phones home at engine start (telemetry to a cloud metadata address) and may try to download
 * natives unless told not to. Every entry point calls this before any DJL class loads.
 */
public final class Offline {
    private Offline() {}

    public static void force() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("java.awt.headless", "true");
    }
}
