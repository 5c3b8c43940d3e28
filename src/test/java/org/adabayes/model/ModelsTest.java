package org.adabayes.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parameter counts of the paper's networks, pinned to the PyTorch reference implementation's. */
class ModelsTest {
    @ParameterizedTest
    @CsvSource({"resnet34,10,21282122", "resnet34,100,21328292", "resnet18,10,11173962",
        "densenet121,10,6956298", "densenet121,100,7048548"})
    void parameterCountsMatchThePaperNetworks(String name, int classes, long expected) {
        try (NDManager m = NDManager.newBaseManager()) {
            TorchNet b = Models.create(new ModelSpec(name, null, null, null), 3, classes, m, 1);
            assertEquals(expected, Models.trainableParameters(b));
        }
    }

    /** Logits of shape (B, classes), and SGD steps on one fixed batch reduce its loss. */
    @ParameterizedTest
    @CsvSource({"resnet18,0.125,3,10", "densenet121,,1,100"})
    void forwardShapeAndALearningStep(String name, Double width, int channels, int classes) {
        ModelSpec spec = name.startsWith("densenet")
                ? new ModelSpec(name, null, 4, java.util.List.of(1, 2))
                : new ModelSpec(name, width, null, null);
        try (NDManager m = NDManager.newBaseManager()) {
            TorchNet b = Models.create(spec, channels, classes, m, 7);
            org.adabayes.optim.StatefulOptimizer opt = org.adabayes.optim.Sgd.builder()
                    .optLearningRate(0.1f).build();
            org.adabayes.train.TrainStep step = new org.adabayes.train.TrainStep(m, b, opt,
                    new ai.djl.ndarray.types.Shape(channels, 32, 32));
            java.util.SplittableRandom r = new java.util.SplittableRandom(3);
            int n = 16;
            float[] x = new float[n * channels * 1024];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = r.nextInt(classes);
            }
            ai.djl.ndarray.NDArray logits = b.forward(new ai.djl.training.ParameterStore(m, false),
                    new ai.djl.ndarray.NDList(m.create(x, new ai.djl.ndarray.types.Shape(n,
                            channels, 32, 32))), false).singletonOrThrow();
            assertEquals(new ai.djl.ndarray.types.Shape(n, classes), logits.getShape());
            try (var batch = step.toDevice(0, x, y, n)) {
                step.train(batch);
            }
            double first = step.drain().meanLoss();
            double last = first;
            for (int i = 0; i < 15; i++) {
                try (var batch = step.toDevice(i + 1, x, y, n)) {
                    step.train(batch);
                }
                last = step.drain().meanLoss();
            }
            assertTrue(last < 0.8 * first, "loss " + first + " -> " + last);
            opt.close();
        }
    }

    /** A width-scaled ResNet-18 has the count its topology gives, computed here by hand. */
    @ParameterizedTest
    @CsvSource({"0.125,1", "0.25,3"})
    void widthScalesResNetChannels(double width, int inChannels) {
        try (NDManager m = NDManager.newBaseManager()) {
            TorchNet b = Models.create(new ModelSpec("resnet18", width, null, null), inChannels, 10,
                    m, 1);
            assertEquals(resnetCount(width, inChannels, new int[] {2, 2, 2, 2}, 10),
                    Models.trainableParameters(b));
        }
    }

    static long resnetCount(double width, int in, int[] blocks, int classes) {
        int[] planes = {64, 128, 256, 512};
        int c = (int) Math.round(64 * width);
        long n = 9L * in * c + 2L * c;
        for (int s = 0; s < 4; s++) {
            int out = (int) Math.round(planes[s] * width);
            for (int i = 0; i < blocks[s]; i++) {
                int stride = i == 0 && s > 0 ? 2 : 1;
                n += 9L * c * out + 2L * out + 9L * out * out + 2L * out;
                if (stride != 1 || c != out) {
                    n += (long) c * out + 2L * out;
                }
                c = out;
            }
        }
        return n + (long) c * classes + classes;
    }

}
