package org.adabayes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed input as a hostile user types it: every case one line on stderr, exactly as written
 * here (with {T} for the test's directory), the exit code 2, no stack trace, and nothing trained.
 * A valid tiny config is at {T}/ok.yaml; each case's own file, if any, is {T}/c.yaml.
 */
class MalformedInputTest {
    @TempDir
    Path tmp;

    static final String OK = "model: {name: resnet18, width: 0.125}\n"
            + "dataset: {name: synthetic, dir: {T}/data, trainSubset: 256, testSubset: 64}\n"
            + "optimizer: {name: sgd}\nschedule: {epochs: 1}\nbatchSize: 64\n";

    /** One case: the config file's text (null: none), the arguments and the message. */
    record Case(String config, String args, String message) {}

    static Case c(String config, String args, String message) {
        return new Case(config, args, message);
    }

    /** A config: the valid one with one line replaced or added. */
    static String with(String yaml) {
        return yaml;
    }

    static final List<Case> CASES = List.of(
            // the config file itself
            c(null, "train {T}/missing.yaml", "{T}/missing.yaml: no such file"),
            c("x", "train {T}/c.txt", "{T}/c.txt: unknown config format (expected .yaml, "
                    + ".yml or .json)"),
            c("", "train {T}/c.yaml", "{T}/c.yaml: sets no field (an empty file; write at least"
                    + " the fields you mean, e.g. optimizer: {name: adabayes})"),
            c("# only a comment\n", "train {T}/c.yaml", "{T}/c.yaml: sets no field (an empty "
                    + "file; write at least the fields you mean, e.g. optimizer: {name: "
                    + "adabayes})"),
            c("BINARY", "train {T}/c.yaml", "{T}/c.yaml: not a text file (a zero byte at offset "
                    + "1); a config is YAML or JSON text"),
            c("LATIN1", "train {T}/c.yaml", "{T}/c.yaml: not UTF-8 text; save the config as "
                    + "UTF-8"),
            c("optimizer: {name: sgd\n", "train {T}/c.yaml", "{T}/c.yaml: line 1, column 22: "
                    + "syntax error: while parsing a flow mapping"),
            c("- 1\n- 2\n", "train {T}/c.yaml", "{T}/c.yaml: the top level must be a mapping of "
                    + "fields"),
            c("seed: 1\nseed: 2\n", "train {T}/c.yaml", "{T}/c.yaml: line 2, column 5: syntax "
                    + "error: Duplicate field 'seed'"),
            c("{\"seed\": 1, \"seed\": 2}", "train {T}/c.json", "{T}/c.json: line 1, column 19: "
                    + "syntax error: Duplicate field 'seed'"),
            c("epochs: 3\n", "train {T}/c.yaml", "{T}/c.yaml: epochs: unknown field (known: "
                    + "batchSize, dataset, device, diagnostics, engine, model, optimizer, "
                    + "schedule, seed, testBatchSize)"),
            c("optimizer: {name: sgd, colour: red}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "optimizer.colour: unknown field (known: lr, momentum, name, weightDecay)"),
            // a typo lists this optimizer's fields only
            c("optimizer: {name: adabayes, lrr: 0.1}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "optimizer.lrr: unknown field (known: beta1, centred, etaSgd, exactPrior, "
                    + "lr, name, nawd, sigma2, weightDecay)"),
            // a value an override set is blamed on the override, not on the file
            c("optimizer: {name: adabayes}\n", "train {T}/c.yaml --set optimizer.lr=-1",
                    "--set optimizer.lr=-1: must be a positive number, got -1.0"),
            c("batchSize: \"128\"\n", "train {T}/c.yaml", "{T}/c.yaml: batchSize: expected an "
                    + "integer, got '128'"),
            c("batchSize: 1.5\n", "train {T}/c.yaml", "{T}/c.yaml: batchSize: expected an "
                    + "integer, got '1.5'"),
            c("batchSize: 0\n", "train {T}/c.yaml", "{T}/c.yaml: batchSize: must be positive, "
                    + "got 0"),
            c("batchSize: -5\n", "train {T}/c.yaml", "{T}/c.yaml: batchSize: must be positive, "
                    + "got -5"),
            c("batchSize: 99999999999\n", "train {T}/c.yaml", "{T}/c.yaml: batchSize: "
                    + "99999999999 is out of range for an integer (-2147483648 to 2147483647)"),
            c("testBatchSize: 0\n", "train {T}/c.yaml", "{T}/c.yaml: testBatchSize: must be "
                    + "positive, got 0"),
            c("seed: abc\n", "train {T}/c.yaml", "{T}/c.yaml: seed: expected an integer, got "
                    + "'abc'"),
            c("device: tpu\n", "train {T}/c.yaml", "{T}/c.yaml: device: must be auto, cpu or "
                    + "gpu, got 'tpu'"),
            c("model: {name: vgg}\n", "train {T}/c.yaml", "{T}/c.yaml: model.name: unknown "
                    + "model 'vgg' (expected one of resnet18, resnet34, densenet121)"),
            c("model: {name: resnet18, width: 0}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "model.width: must be in (0, 8], got 0.0"),
            c("model: {name: resnet18, width: 9}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "model.width: must be in (0, 8], got 9.0"),
            c("model: {name: densenet121, width: 0.5}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "model.width: applies to ResNets only"),
            c("model: {name: resnet34, growth: 12}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "model.growth: applies to DenseNet only"),
            c("model: {name: densenet121, blocks: []}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "model.blocks: must be a non-empty list of positive block sizes, got []"),
            c("model: {name: densenet121, blocks: [2, 0]}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "model.blocks: must be a non-empty list of positive block sizes, got [2, 0]"),
            c("dataset: {name: mnist}\n", "train {T}/c.yaml", "{T}/c.yaml: dataset.name: "
                    + "unknown dataset 'mnist' (expected one of cifar10, cifar100, fashion-mnist, "
                    + "synthetic)"),
            c("dataset: {name: synthetic, trainSubset: 0}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "dataset.trainSubset: must be positive, got 0"),
            c("dataset: {normalization: weird}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "dataset.normalization: must be 'demo' or 'true', got 'weird'"),
            c("optimizer: {name: nadam}\n", "train {T}/c.yaml", "{T}/c.yaml: optimizer.name: "
                    + "unknown optimizer 'nadam' (expected one of sgd, adam, adagrad, amsgrad, "
                    + "adabound, amsbound, adamw, adabayes-fp, adabayes, adabayes-kf)"),
            c("optimizer: {name: sgd, lr: -1}\n", "train {T}/c.yaml", "{T}/c.yaml: optimizer.lr:"
                    + " must be a positive number, got -1.0"),
            c("optimizer: {name: sgd, lr: 0}\n", "train {T}/c.yaml", "{T}/c.yaml: optimizer.lr: "
                    + "must be a positive number, got 0.0"),
            c("optimizer: {name: sgd, lr: .nan}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "optimizer.lr: must be a positive number, got NaN"),
            c("optimizer: {name: sgd, lr: .inf}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "optimizer.lr: must be a positive number, got Infinity"),
            c("optimizer: {name: adam, momentum: 0.9}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "optimizer.momentum: is not a hyper-parameter of adam (it has beta1, beta2, "
                    + "centred, eps, lr, weightDecay)"),
            c("optimizer: {name: adam, beta1: 1.0}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "optimizer.beta1: must be in [0, 1), got 1.0"),
            c("optimizer: {name: adam, beta2: -0.1}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "optimizer.beta2: must be in [0, 1), got -0.1"),
            c("optimizer: {name: adam, eps: -1}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "optimizer.eps: must be >= 0, got -1.0"),
            c("optimizer: {name: adamw, weightDecay: 1.5}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "optimizer.weightDecay: must be in [0, 1), got 1.5"),
            c("optimizer: {name: adabound, finalLr: 0}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "optimizer.finalLr: must be a positive number, got 0.0"),
            c("optimizer: {name: amsbound, gamma: -1}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "optimizer.gamma: must be a positive number, got -1.0"),
            c("optimizer: {name: adabayes, sigma2: 0}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "optimizer.sigma2: must be a positive number, got 0.0"),
            c("optimizer: {name: adabayes-fp, etaSgd: -0.1}\n", "train {T}/c.yaml", "{T}/c.yaml:"
                    + " optimizer.etaSgd: must be a positive number, got -0.1"),
            c("optimizer: {name: adabayes, exactPrior: yes please}\n", "train {T}/c.yaml",
                    "{T}/c.yaml: optimizer.exactPrior: expected true or false, got 'yes please'"),
            c("optimizer: {name: adam, exactPrior: true}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "optimizer.exactPrior: is not a hyper-parameter of adam (it has beta1, "
                    + "beta2, centred, eps, lr, weightDecay)"),
            c("optimizer: {name: sgd, nawd: true}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "optimizer.nawd: is not a hyper-parameter of sgd (it has lr, momentum, "
                    + "weightDecay)"),
            c("optimizer: {name: adabayes-kf, centred: true}\n", "train {T}/c.yaml",
                    "{T}/c.yaml: optimizer.centred: is not a hyper-parameter of adabayes-kf (it "
                    + "has beta1, beta2, eps, etaSgd, lr, nawd, refreshEvery, sigma2, "
                    + "weightDecay)"),
            c("optimizer: {name: adabayes-kf, refreshEvery: 0}\n", "train {T}/c.yaml",
                    "{T}/c.yaml: optimizer.refreshEvery: must be a whole number >= 1, got 0"),
            c("optimizer: {name: adabayes-kf, refreshEvery: 2.5}\n", "train {T}/c.yaml",
                    "{T}/c.yaml: optimizer.refreshEvery: expected an integer, got '2.5'"),
            c("optimizer: {name: adamw, nawd: 1}\n", "train {T}/c.yaml",
                    "{T}/c.yaml: optimizer.nawd: expected true or false, got '1'"),
            c("schedule: {epochs: 0}\n", "train {T}/c.yaml", "{T}/c.yaml: schedule.epochs: must "
                    + "be positive, got 0"),
            c("schedule: {decayFactor: 0}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "schedule.decayFactor: must be in (0, 1], got 0.0"),
            c("schedule: {decayFactor: 2}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "schedule.decayFactor: must be in (0, 1], got 2.0"),
            c("schedule: {decayEpochs: [-1]}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "schedule.decayEpochs: must be non-negative epoch indices, got [-1]"),
            c("schedule: {epochs: 2, decayEpochs: [5]}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "schedule.decayEpochs: epoch 5 is outside the run's epochs 0..1 (epochs: 2, "
                    + "0-based), so that decay would never happen; got [5]"),
            c(null, "train {T}/ok.yaml --out /proc/adabayes-run", "--out /proc/adabayes-run: "
                    + "/proc is not writable"),
            c("diagnostics: {lrTraceEvery: -1}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "diagnostics.lrTraceEvery: must be >= 0 (0 = off), got -1"),
            c("diagnostics: {lrTraceElements: 0}\n", "train {T}/c.yaml", "{T}/c.yaml: "
                    + "diagnostics.lrTraceElements: must be positive, got 0"),
            // train's options, checked against the data before anything is written
            c(null, "train {T}/ok.yaml --set batchSize", "--set batchSize: expected "
                    + "key.path=value"),
            c(null, "train {T}/ok.yaml --set batchSize=700000 --out {T}/r", "batchSize: 700000 "
                    + "is larger than the 256 training images of synthetic"),
            c(null, "train {T}/ok.yaml --max-batches -1", "--max-batches: must be >= 0 "
                    + "(0 = all), got -1"),
            c(null, "train {T}/ok.yaml --out {T}/ok.yaml", "--out {T}/ok.yaml: is a file, not a "
                    + "directory"),
            c(null, "train {T}/ok.yaml --set dataset.name=cifar10 --set dataset.dir={T}/none "
                    + "--out {T}/r", "CIFAR-10 not found at {T}/none: put cifar-10-binary.tar.gz "
                    + "(MD5 c32a1d4ab5d03f1284b67883e8d87530) or its extracted "
                    + "cifar-10-batches-bin/ folder there, or set dataset.dir; the harness never "
                    + "downloads data"),
            // the other commands' options
            c(null, "table {T} --format xml", "Invalid value for option '--format': expected one"
                    + " of md, csv, latex, got 'xml' (see 'adabayes table --help')"),
            c(null, "table {T} --metric worst", "Invalid value for option '--metric': expected "
                    + "one of best, final, time-to:ERROR, got 'worst' (see 'adabayes table "
                    + "--help')"),
            c(null, "table {T} --metric time-to:x", "--metric time-to:x: time-to needs a test "
                    + "error in percent, e.g. time-to:20"),
            c(null, "table {T} --best-of optimizer.lr --select accuracy", "--select: expected "
                    + "one of train_loss, train_error, test_loss, test_error, got 'accuracy'"),
            c(null, "table {T} --by optimizer.lr --best-of optimizer.lr", "--by: give --by or "
                    + "--best-of, not both"),
            c(null, "table {T}/none", "{T}/none: no such directory"),
            c(null, "table {T}", "no run directories (with manifest.json) under {T}"),
            c(null, "table {T} --out {T}", "--out {T}: is a directory, not a file"),
            c(null, "plot {T} --out {T}/ok.yaml", "--out {T}/ok.yaml: is a file, not a "
                    + "directory"),
            c(null, "replay --optimizer sgd --grads {T}/g.csv --out {T}/t.csv --lr-factor -1",
                    "--lr-factor: must be a positive number, got -1.0"),
            c(null, "replay --optimizer sgd --grads {T}/g.csv --out {T}/t.csv --batch-size 0",
                    "--batch-size: must be positive, got 0"),
            c(null, "replay --optimizer nadam --grads {T}/g.csv --out {T}/t.csv", "Invalid value"
                    + " for option '--optimizer': unknown optimizer 'nadam' (expected one of sgd, "
                    + "adam, adagrad, amsgrad, adabound, amsbound, adamw, adabayes-fp, adabayes, "
                    + "adabayes-kf) (see 'adabayes replay --help')"),
            c(null, "replay --optimizer sgd --model vgg --grads {T}/g.csv --out {T}/t.csv",
                    "Invalid value for option '--model': expected one of resnet34, densenet121, "
                    + "got 'vgg' (see 'adabayes replay --help')"),
            c(null, "replay --optimizer sgd --grads {T}/none.csv --out {T}/t.csv",
                    "{T}/none.csv: no such file"),
            c(null, "replay --optimizer sgd --grads {T}/g.csv --out {T}", "--out {T}: is a "
                    + "directory, not a file"),
            c(null, "nqm --batch-sizes 0..8 --out {T}/n", "--batch-sizes: 0 in '0..8' is outside"
                    + " 1..2^40"),
            c(null, "nqm --batch-sizes 4..2^62 --out {T}/n", "--batch-sizes: 2^62 in '4..2^62' "
                    + "is outside 1..2^40"),
            c(null, "nqm --batch-sizes 4,0 --out {T}/n", "--batch-sizes: 0 in '4,0' is outside "
                    + "1..2^40"),
            c(null, "nqm --batch-sizes 8..4 --out {T}/n", "--batch-sizes: '8..4' ends below its "
                    + "start"),
            c(null, "nqm --batch-sizes many --out {T}/n", "--batch-sizes: cannot parse 'many' "
                    + "(expected LO..HI or a comma list, e.g. 4..2^21)"),
            c(null, "nqm --repeats 0 --out {T}/n", "--repeats: must be >= 1, got 0"),
            c(null, "nqm --dim 0 --out {T}/n", "--dim: must be >= 1, got 0"),
            c(null, "nqm --target -1 --out {T}/n", "--target: must be a positive number, got "
                    + "-1.0"),
            c(null, "nqm --optimizers lbfgs --out {T}/n", "--optimizers: unknown NQM optimizer "
                    + "'lbfgs' (expected sgd, momentum, precond-0.25, precond-0.5, precond-0.75, "
                    + "ema, adam, adabayes, adabayes-fp)"),
            c(null, "bench optimizers --steps 0", "--steps: must be >= 1, got 0"),
            c(null, "bench data --batch-size 0", "--batch-size: must be >= 1, got 0"),
            c(null, "bench models --models vgg", "--models: 'vgg': name unknown model 'vgg' "
                    + "(expected one of resnet18, resnet34, densenet121)"),
            c(null, "bench models --models resnet18@wide", "--models: 'resnet18@wide' is not "
                    + "name[@width], e.g. resnet18@0.25 (width for ResNets only)"),
            c(null, "bench optimizers --device tpu", "Invalid value for option '--device': "
                    + "expected one of auto, cpu, gpu, got 'tpu' (see 'adabayes bench "
                    + "optimizers --help')"),
            c(null, "sweep {T}/ok.yaml --out {T}/s", "{T}/ok.yaml: model: unknown field (known: "
                    + "axes, base, name, seeds)"),
            c(null, "sweep {T}/grid.yaml --only optimizer.name=typo --out {T}/s", "--only "
                    + "optimizer.name=typo: matches none of the grid's runs"),
            c(null, "sweep {T}/grid.yaml --only nothere=1 --out {T}/s", "--only nothere=1: no "
                    + "such field in a run config"),
            c(null, "sweep {T}/grid.yaml --index 9 --out {T}/s", "--index 9: the sweep has 2 "
                    + "runs (0..1)"),
            c(null, "sweep {T}/grid.yaml --index -1 --out {T}/s", "--index: must be >= 0, got "
                    + "-1"),
            c(null, "sweep {T}/grid.yaml --out {T}/ok.yaml", "--out {T}/ok.yaml: is a file, not"
                    + " a directory"),
            c(null, "parity {T}/ok.yaml --steps 0", "--steps: must be >= 1, got 0"),
            c(null, "parity {T}/ok.yaml --precision float16", "Invalid value for option "
                    + "'--precision': expected one of float64, float32, got 'float16' (see "
                    + "'adabayes parity --help')"),
            c(null, "export {T} --out {T}/m.npz", "{T}: no checkpoint.bin (a run writes one "
                    + "after its first epoch)"),
            c(null, "frobnicate", "Unmatched argument at index 0: 'frobnicate' (see 'adabayes "
                    + "--help')"),
            c(null, "train {T}/ok.yaml --no-such-option", "Unknown option: '--no-such-option' "
                    + "(see 'adabayes train --help')"));

    @Test
    void everyMalformedInputIsOneLineAndExitTwo() throws IOException {
        String t = tmp.toString();
        Files.writeString(tmp.resolve("ok.yaml"), OK.replace("{T}", t));
        Files.writeString(tmp.resolve("g.csv"), "step,g0\n1,0.5\n");
        Files.writeString(tmp.resolve("grid.yaml"), "base: {model: {name: resnet18, width: "
                + "0.125}}\naxes:\n  optimizer.name: [sgd, adam]\n");
        List<String> bad = new ArrayList<>();
        for (Case k : CASES) {
            String[] args = k.args().replace("{T}", t).split(" ");
            if (k.config() != null) {
                Path f = Path.of(args[1]);
                switch (k.config()) {
                    case "BINARY" -> Files.write(f, new byte[] {'a', 0, 1, 2});
                    case "LATIN1" -> Files.write(f, "seed: 1 # caf\u00e9\n".getBytes(
                            StandardCharsets.ISO_8859_1));
                    default -> Files.writeString(f, k.config());
                }
            }
            CliTest.Result r = CliTest.run(args);
            String want = "adabayes: " + k.message().replace("{T}", t) + "\n";
            if (r.code() != 2 || !r.err().startsWith(want) || r.err().lines().count() != 1) {
                bad.add(k.args() + "\n    want 2 " + want.strip() + "\n    got  " + r.code() + " "
                        + r.err().strip().replace(t, "{T}"));
            }
        }
        assertEquals(List.of(), bad, String.join("\n", bad));
        assertTrue(CASES.size() >= 60, CASES.size() + " cases");
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().equals("r")
                    || p.getFileName().toString().equals("s")).toList(), "a run was started");
        }
    }
}
