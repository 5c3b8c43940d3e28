package org.adabayes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.optim.OptimizerOptions;
import org.adabayes.optim.PaperNetwork;
import org.adabayes.optim.ScalarRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user meets it: exit codes, one-line errors, and what the commands write. */
class CliTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void badConfigIsExitTwoWithOneLineAndNoStackTrace() throws IOException {
        Path f = tmp.resolve("bad.yaml");
        Files.writeString(f, "optimizer: {name: sgd, lr: -1}\n");
        Result r = run("train", f.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code());
        assertEquals("adabayes: " + f + ": optimizer.lr: must be a positive number, got -1.0\n",
                r.err());
        Result v = run("train", f.toString(), "--verbose");
        assertEquals(2, v.code());
        assertTrue(v.err().contains("\tat org.adabayes"), "--verbose shows the stack trace");
    }

    @Test
    void missingCifarIsExitTwoSayingWhereFilesGo() throws IOException {
        Path f = tmp.resolve("c.yaml");
        Files.writeString(f, "dataset: {name: cifar10, dir: " + tmp.resolve("nothing") + "}\n");
        Result r = run("train", f.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("adabayes: CIFAR-10 not found at "), r.err());
        assertEquals(1, r.err().lines().count());
    }

    @Test
    void unknownOptionIsExitTwo() {
        Result r = run("train", "x.yaml", "--no-such-option");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--no-such-option"), r.err());
    }

    @Test
    void versionNamesDjlAndPyTorch() {
        Result r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("DJL 0.32.0, PyTorch 2.5.1"), r.out());
        assertTrue(r.out().contains("device cpu") || r.out().contains("device gpu"), r.out());
    }

    @Test
    void trainRunsATinyConfigEndToEnd() throws IOException {
        Path f = tmp.resolve("run.yaml");
        Files.writeString(f, "model: {name: resnet18, width: 0.125}\n"
                + "dataset: {name: synthetic, dir: " + tmp.resolve("data")
                + ", trainSubset: 128, testSubset: 50}\n"
                + "optimizer: {name: adamw}\nschedule: {epochs: 1}\nbatchSize: 64\n");
        Path out = tmp.resolve("run");
        Result r = run("train", f.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertEquals("complete: " + out + "\n", r.out());
        assertTrue(r.err().contains("epoch 1/1"), r.err());
        assertEquals(2, Files.readAllLines(out.resolve("epochs.csv")).size());
    }

    @Test
    void replayWritesTheTrajectoryOfTheRealOptimizer() throws IOException {
        Path grads = tmp.resolve("grads.csv");
        double[][] g = {{0.1, -0.2, 0.0}, {0.3, 0.1, -0.5}, {-0.2, 0.2, 0.1}, {0.05, 0.0, 0.3},
            {0.1, -0.1, 0.2}, {0.0, 0.4, -0.1}};
        StringBuilder sb = new StringBuilder("step,g0,g1,g2\n");
        for (int t = 0; t < g.length; t++) {
            sb.append(t + 1).append(',').append(g[t][0]).append(',').append(g[t][1]).append(',')
                    .append(g[t][2]).append('\n');
        }
        Files.writeString(grads, sb.toString());
        Path init = tmp.resolve("w.csv");
        Files.writeString(init, "step,w0,w1,w2\n0,1.0,-0.5,0.25\n");
        Path traj = tmp.resolve("traj.csv");
        Result r = run("replay", "--optimizer", "SGD", "--set", "lr=0.05", "--grads",
                grads.toString(), "--init", init.toString(), "--out", traj.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(traj);
        assertEquals("step,w0,w1,w2", lines.get(0));
        assertEquals(7, lines.size());
        OptimizerOptions spec = OptimizerKind.SGD.defaults().with("lr", 0.05)
                .resolve(PaperNetwork.RESNET34, 128);
        ScalarRule rule = spec.twin(128, 3);
        double[] w = {1.0, -0.5, 0.25};
        for (int t = 0; t < g.length; t++) {
            rule.step(w, g[t], t + 1, 1.0);
            String[] f = lines.get(t + 1).split(",");
            for (int i = 0; i < 3; i++) {
                assertEquals(w[i], Double.parseDouble(f[i + 1]), 1e-6, "step " + (t + 1));
            }
        }

        Result b = run("replay", "--optimizer", "adabayes", "--grads", grads.toString(), "--out",
                traj.toString(), "--batch-size", "32");
        assertEquals(0, b.code(), b.err());
        List<String> bl = Files.readAllLines(traj);
        assertEquals("step,w0,w1,w2,lr0,lr1,lr2", bl.get(0));
        // element 2 saw a zero gradient first: its rate is still the prior sigma^2 = 0.1 / 32
        assertEquals(0.1 / 32, Double.parseDouble(bl.get(1).split(",")[6]), 1e-8);
        assertFalse(bl.get(6).contains("NaN"));
    }

    @Test
    void replayRejectsABadGradientFileWithTheLine() throws IOException {
        Path grads = tmp.resolve("grads.csv");
        Files.writeString(grads, "step,g0\n1,0.5\n2,abc\n");
        Result r = run("replay", "--optimizer", "adam", "--grads", grads.toString(), "--out",
                tmp.resolve("t.csv").toString());
        assertEquals(2, r.code());
        assertEquals("adabayes: " + grads + ": line 3, column g0: not a number: 'abc'\n", r.err());
        Result u = run("replay", "--optimizer", "adam", "--set", "momentum=0.9", "--grads",
                grads.toString(), "--out", tmp.resolve("t.csv").toString());
        assertEquals(2, u.code());
        assertTrue(u.err().startsWith(
                "adabayes: --set momentum=0.9: is not a hyper-parameter of adam"), u.err());
    }
}
