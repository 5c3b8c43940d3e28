package org.adabayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.adabayes.data.DataSpec;
import org.adabayes.data.DatasetKind;
import org.adabayes.data.Datasets;
import org.adabayes.data.Splits;
import org.adabayes.io.FieldException;
import org.adabayes.model.ModelSpec;
import org.adabayes.model.Models;
import org.adabayes.model.NetworkKind;
import org.adabayes.model.TorchNet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A new network or dataset is one file and one registry entry ({@link NetworkKind},
 * {@link DatasetKind}): this holds that nothing else is needed. No code outside the two registries
 * branches on a network's or dataset's name, every name a config can give reaches a built network
 * or read data through its entry alone, and the errors list the registry, so an entry added to an
 * enum is accepted, built, read, titled and listed without another edit.
 */
class RegistryNamesTest {
    private static final Path MAIN = Path.of("src/main/java/org/adabayes");
    private static final List<String> REGISTRIES = List.of("NetworkKind.java", "DatasetKind.java");

    @Test
    void nothingOutsideTheRegistriesBranchesOnANetworkOrDatasetName() throws IOException {
        List<String> ids = new ArrayList<>(NetworkKind.ids());
        ids.addAll(DatasetKind.ids());
        List<Pattern> branches = new ArrayList<>();
        for (String id : ids) {
            String q = Pattern.quote("\"" + id);
            branches.add(Pattern.compile("(case|equals\\(|contains\\(|startsWith\\(|replace\\(|"
                    + "endsWith\\(|matches\\(|==)\\s*" + q));
            branches.add(Pattern.compile(q + "\"\\s*(\\.equals|\\.startsWith|==|->)"));
        }
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (REGISTRIES.contains(f.getFileName().toString())) {
                    continue;
                }
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (branches.stream().anyMatch(p -> p.matcher(line).find())) {
                        bad.add(f + ":" + (i + 1) + ": " + line.strip());
                    }
                }
            }
        }
        assertEquals(List.of(), bad, "branches on a registry name outside the registry");
    }

    /** A scaled-down spec of each network, built from its name alone, gives logits per class. */
    @ParameterizedTest
    @EnumSource(NetworkKind.class)
    void everyNetworkBuildsFromItsName(NetworkKind kind) {
        ModelSpec spec = kind.family() == NetworkKind.Family.DENSENET
                ? new ModelSpec(kind.id(), null, 4, List.of(1, 1))
                : new ModelSpec(kind.id().toUpperCase(), 0.0625, null, null);
        assertEquals(kind, spec.kind());
        assertEquals(kind.family().paper(), spec.paperNetwork());
        assertEquals(kind, ModelSpec.parse(kind.id(), "--models").kind());
        assertTrue(NetworkKind.titleOf(spec.label()).startsWith(kind.title()), spec.label());
        try (NDManager m = NDManager.newBaseManager()) {
            TorchNet net = Models.create(spec, 1, 7, m, 3);
            NDArray x = m.randomNormal(new Shape(2, 1, 32, 32));
            NDList out = net.forward(new ParameterStore(m, false), new NDList(x), false);
            assertEquals(new Shape(2, 7), out.singletonOrThrow().getShape());
        }
    }

    /**
     * Each dataset's entry gives its shape without its files, and that shape is what its reader
     * yields; normalisation has one mean and std per channel. CIFAR's readers need the full
     * distributions (their counts and checksums are checked), so here they are read where a
     * generated or installed copy exists: the synthetic set always, Fashion-MNIST where Debian's
     * package is installed.
     */
    @ParameterizedTest
    @EnumSource(DatasetKind.class)
    void everyDatasetIsWhatItsEntrySays(DatasetKind kind, @TempDir Path tmp) {
        for (String which : List.of("demo", "true")) {
            assertEquals(kind.channels(), kind.normalization(which).mean().length);
            assertEquals(kind.channels(), kind.normalization(which).std().length);
        }
        DataSpec spec = new DataSpec(kind.id(), null, null, null, null, null);
        assertEquals(kind.defaultDir(), spec.dir());
        assertEquals(kind, spec.kind());
        Path dir = kind == DatasetKind.SYNTHETIC ? tmp : Path.of(kind.defaultDir());
        Assumptions.assumeTrue(kind == DatasetKind.SYNTHETIC
                || (kind == DatasetKind.FASHION_MNIST && Files.isDirectory(dir)),
                kind.id() + ": no local copy to read");
        Splits s = Datasets.load(new DataSpec(kind.id(), dir.toString(), 40, 10, null, null));
        assertEquals(kind.channels(), s.train().channels());
        assertEquals(kind.classes(), s.train().numClasses());
        assertEquals(40, s.train().size());
    }

    @Test
    void errorsListTheRegistries() {
        FieldException model = assertThrows(FieldException.class,
                () -> new ModelSpec("vgg16", null, null, null));
        FieldException data = assertThrows(FieldException.class,
                () -> new DataSpec("mnist", null, null, null, null, null));
        NetworkKind.ids().forEach(id -> assertTrue(model.getMessage().contains(id), id));
        DatasetKind.ids().forEach(id -> assertTrue(data.getMessage().contains(id), id));
    }
}
