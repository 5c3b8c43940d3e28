package org.adabayes.cli;

import ai.djl.engine.Engine;
import org.adabayes.config.DeviceChoice;
import org.adabayes.engine.Allocator;
import org.adabayes.engine.Devices;
import org.adabayes.engine.Offline;
import org.adabayes.engine.Versions;
import picocli.CommandLine.IVersionProvider;

/**
 * --version: project, DJL, PyTorch (as loaded), the device a run would use and the host
 * allocator ({@code bin/adabayes} chooses it).
 */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        Offline.force();
        String torch;
        String device;
        try {
            Engine e = Engine.getEngine("PyTorch");
            torch = e.getVersion();
            device = Devices.describe(Devices.select(DeviceChoice.AUTO));
        } catch (RuntimeException ex) {
            torch = Versions.pytorch() + " (engine not loadable: " + ex.getMessage() + ")";
            device = "unknown";
        }
        return new String[] {
            "adabayes-harness " + Versions.project(),
            "DJL " + Versions.djl() + ", PyTorch " + torch,
            "Java " + System.getProperty("java.version") + ", device " + device,
            "allocator " + Allocator.describe()
        };
    }
}
