package org.adabayes.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.adabayes.io.UserInputException;
import org.adabayes.optim.AdaBayes;
import org.adabayes.optim.Adam;
import org.adabayes.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    /** Each malformed config and the exact one-line message a user sees. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "optimizer: {name: adam, lr: -0.1}|bad.yaml: optimizer.lr: must be a positive number, "
            + "got -0.1",
        "optimizer: {name: adam, momentum: 0.9}|bad.yaml: optimizer.momentum: is not a "
            + "hyper-parameter of adam (it has beta1, beta2, centred, eps, lr, weightDecay)",
        "optimizer: {name: adamx}|bad.yaml: optimizer.name: unknown optimizer 'adamx' (expected "
            + "one of sgd, adam, adagrad, amsgrad, adabound, amsbound, adamw, adabayes-fp, "
            + "adabayes, adabayes-kf)",
        "optimizer: {name: adam, beta1: 1.0}|bad.yaml: optimizer.beta1: must be in [0, 1), got 1.0",
        "modle: {name: resnet34}|bad.yaml: modle: unknown field (known: batchSize, dataset, "
            + "device, diagnostics, engine, model, optimizer, schedule, seed, testBatchSize)",
        "model: {name: resnet50}|bad.yaml: model.name: unknown model 'resnet50' (expected one of "
            + "resnet18, resnet34, densenet121)",
        "model: {name: resnet34, growth: 12}|bad.yaml: model.growth: applies to DenseNet only",
        "batchSize: abc|bad.yaml: batchSize: expected an integer, got 'abc'",
        "batchSize: 0|bad.yaml: batchSize: must be positive, got 0",
        "batchSize: '128'|bad.yaml: batchSize: expected an integer, got '128'",
        "optimizer: {name: adabayes, exactPrior: 'yes'}|bad.yaml: optimizer.exactPrior: expected "
            + "true or false, got 'yes'",
        "schedule: {epochs: 1.5}|bad.yaml: schedule.epochs: expected an integer, got '1.5'",
        "schedule: {decayFactor: 2}|bad.yaml: schedule.decayFactor: must be in (0, 1], got 2.0",
        "schedule: {decayEpochs: [150, -1]}|bad.yaml: schedule.decayEpochs: must be non-negative "
            + "epoch indices, got [150, -1]",
        "device: tpu|bad.yaml: device: must be auto, cpu or gpu, got 'tpu'",
        "dataset: {name: imagenet}|bad.yaml: dataset.name: unknown dataset 'imagenet' (expected "
            + "one of cifar10, cifar100, fashion-mnist, synthetic)",
        "dataset: {name: cifar10, extra: 1}|bad.yaml: dataset.extra: unknown field (known: "
            + "augment, dir, name, normalization, testSubset, trainSubset)",
        "dataset: cifar10|bad.yaml: dataset: expected a mapping, got 'cifar10'",
        "- a list|bad.yaml: the top level must be a mapping of fields",
    })
    void malformedConfigsGetOneLineNamingFileAndField(String yaml, String expected)
            throws IOException {
        Path f = tmp.resolve("bad.yaml");
        Files.writeString(f, yaml + "\n");
        UserInputException e = assertThrows(UserInputException.class,
                () -> ConfigLoader.load(f, List.of()));
        assertEquals(expected.replace("bad.yaml", f.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void syntaxErrorsNameLineAndColumn() throws IOException {
        Path f = tmp.resolve("broken.yaml");
        Files.writeString(f, "model:\n  name: resnet34\n optimizer: [\n");
        UserInputException e = assertThrows(UserInputException.class,
                () -> ConfigLoader.load(f, List.of()));
        assertTrue(e.getMessage().startsWith(f + ": line "), e.getMessage());
        assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
    }

    @Test
    void jsonIsReadByExtensionWithTheSameChecks() throws IOException {
        Path f = tmp.resolve("run.json");
        Files.writeString(f, "{\"optimizer\": {\"name\": \"sgd\", \"lr\": 0.05}, \"seed\": 7}");
        RunConfig c = ConfigLoader.load(f, List.of());
        assertEquals(0.05, c.optimizer().lr());
        assertEquals(0.9, ((Sgd.Options) c.optimizer()).momentum());
        assertEquals(7L, c.seed());
        Files.writeString(f, "{\"optimizer\": {\"name\": \"sgd\", \"beta1\": 0.9}}");
        UserInputException e = assertThrows(UserInputException.class,
                () -> ConfigLoader.load(f, List.of()));
        assertTrue(e.getMessage().startsWith(f + ": optimizer.beta1: is not a hyper-parameter"));
    }

    @Test
    void defaultsAreThePaperProtocol() throws IOException {
        // an empty file is refused (MalformedInputTest): the one field set is its default
        Path f = tmp.resolve("seed-only.yaml");
        Files.writeString(f, "seed: 1\n");
        RunConfig c = ConfigLoader.load(f, List.of());
        assertEquals("resnet34", c.model().name());
        assertEquals("cifar10", c.dataset().name());
        assertEquals(200, c.schedule().epochs());
        // the AdaBound demo's StepLR loop: the 150th epoch (0-based 149) is the first at a tenth
        assertEquals(1.0, c.schedule().factor(148));
        assertEquals(0.1, c.schedule().factor(149), 1e-15);
        assertEquals(0.1, c.schedule().factor(199), 1e-15);
        assertEquals(128, c.batchSize());
        assertEquals(100, c.testBatchSize());
        assertEquals("adabayes", c.optimizer().kind().id());
        assertEquals(0.1 / 128, ((AdaBayes.Options) c.optimizer()).sigma2(), 1e-15);
        assertEquals(5e-5, c.optimizer().weightDecay());
    }

    @Test
    void adamBeta1FollowsThePaperModel() throws IOException {
        Path f = tmp.resolve("adam.yaml");
        Files.writeString(f, "optimizer: {name: Adam}\n");
        assertEquals(0.99, ((Adam.Options) ConfigLoader.load(f, List.of()).optimizer()).beta1());
        assertEquals(0.9, ((Adam.Options) ConfigLoader.load(f,
                List.of("model.name=densenet121")).optimizer()).beta1());
    }

    @Test
    void overridesApplyBeforeValidationAndNameTheField() throws IOException {
        Path f = tmp.resolve("run.yaml");
        Files.writeString(f, "optimizer: {name: adabayes}\nbatchSize: 128\n");
        RunConfig c = ConfigLoader.load(f, List.of("batchSize=64", "optimizer.etaSgd=0.2",
                "schedule.decayEpochs=[3, 5]"));
        assertEquals(64, c.batchSize());
        assertEquals(0.2 / 64, ((AdaBayes.Options) c.optimizer()).sigma2(), 1e-15);
        assertEquals(List.of(3, 5), c.schedule().decayEpochs());
        UserInputException e = assertThrows(UserInputException.class,
                () -> ConfigLoader.load(f, List.of("optimizer.lr=abc")));
        // the override put the value there, so the override is named, not the file
        assertEquals("--set optimizer.lr=abc: expected a number, got 'abc'", e.getMessage());
    }

    @Test
    void resolvedConfigRoundTripsThroughYaml() throws IOException {
        Path f = tmp.resolve("run.yaml");
        Files.writeString(f, "model: {name: densenet121, growth: 12, blocks: [2, 2]}\n"
                + "optimizer: {name: amsbound}\n");
        RunConfig c = ConfigLoader.load(f, List.of());
        RunConfig back = ConfigCodec.parseYaml(ConfigCodec.toYaml(c), "config.yaml");
        assertEquals(c, back);
        assertEquals(ConfigCodec.hash(c), ConfigCodec.hash(back));
    }

    @Test
    void missingFileIsOneLine() {
        Path f = tmp.resolve("nope.yaml");
        UserInputException e = assertThrows(UserInputException.class,
                () -> ConfigLoader.load(f, List.of()));
        assertEquals(f + ": no such file", e.getMessage());
    }
}
