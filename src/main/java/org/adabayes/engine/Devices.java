package org.adabayes.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.adabayes.config.DeviceChoice;
import org.adabayes.io.UserInputException;

/** Picks the device a run asks for: the GPU when there is one and the config says auto or gpu. */
public final class Devices {
    private Devices() {}

    public static Device select(DeviceChoice wanted) {
        int gpus = Engine.getInstance().getGpuCount();
        return switch (wanted) {
            case CPU -> Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new UserInputException("device: gpu was asked for but none is visible "
                            + "to PyTorch (a CPU build of the natives, or no CUDA driver); "
                            + "build with -Pcuda or use device: auto");
                }
                yield Device.gpu();
            }
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
        };
    }

    public static String describe(Device d) {
        if (d.isGpu()) {
            return "gpu:" + d.getDeviceId();
        }
        return "cpu (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.arch") + ")";
    }
}
