package org.adabayes;

import org.adabayes.engine.Natives;
import org.adabayes.engine.Offline;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Before any test loads the engine, what Main does before a run: offline DJL, and the CUDA build's
 * natives selected so that {@code mvn -Pcuda test} runs on a machine without a GPU.
 */
public final class NativesSession implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Offline.force();
        String note = Natives.select();
        if (note != null) {
            System.err.println("tests: " + note);
        }
    }
}
