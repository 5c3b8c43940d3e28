package org.adabayes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import org.adabayes.engine.Offline;
import org.junit.jupiter.api.Test;

/** The engine loads from the Maven natives with DJL's offline mode on (nothing downloaded). */
class OfflineEngineTest {
    @Test
    void pyTorchLoadsOffline() {
        Offline.force();
        assertTrue(Utils.isOfflineMode(), "DJL offline mode must be on");
        assertEquals("true", System.getProperty("OPT_OUT_TRACKING"));
        Engine e = Engine.getEngine("PyTorch");
        assertEquals("2.5.1", e.getVersion());
        assertEquals(6f, Engine.getInstance().newBaseManager().create(new float[] {1, 2, 3})
                .sum().getFloat());
    }
}
