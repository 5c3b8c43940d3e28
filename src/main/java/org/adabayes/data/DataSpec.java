package org.adabayes.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Locale;
import org.adabayes.io.FieldException;

/**
 * Which data, from where. The harness never downloads: CIFAR comes from {@code dir} (the extracted
 * binary distribution or its .tar.gz), Fashion-MNIST from Debian's package, and {@code synthetic}
 * is generated into {@code dir} in CIFAR-10 binary layout so the real reader is what runs.
 *
 * @param name an entry of {@link DatasetKind}: cifar10 | cifar100 | fashion-mnist | synthetic
 * @param dir where the files are (or are generated)
 * @param trainSubset first N training images only (synthetic: how many to generate)
 * @param testSubset first N test images only (synthetic: how many to generate)
 * @param normalization "demo" (the AdaBound demo's CIFAR-10 std, as the paper) or "true"
 * @param augment random crop + flip on training batches, default true
 */
public record DataSpec(String name, String dir, Integer trainSubset, Integer testSubset,
        String normalization, Boolean augment) {
    public DataSpec {
        name = name == null ? DatasetKind.CIFAR10.id() : name.toLowerCase(Locale.ROOT);
        String given = name;
        DatasetKind kind = DatasetKind.byId(name).orElseThrow(() -> new FieldException("name",
                "unknown dataset '" + given + "' (expected one of "
                        + String.join(", ", DatasetKind.ids()) + ")"));
        dir = dir == null ? kind.defaultDir() : dir;
        FieldException.require(trainSubset == null || trainSubset > 0, "trainSubset",
                "must be positive, got " + trainSubset);
        FieldException.require(testSubset == null || testSubset > 0, "testSubset",
                "must be positive, got " + testSubset);
        normalization = normalization == null ? "demo" : normalization.toLowerCase(Locale.ROOT);
        FieldException.require(normalization.equals("demo") || normalization.equals("true"),
                "normalization", "must be 'demo' or 'true', got '" + normalization + "'");
        augment = augment == null ? Boolean.TRUE : augment;
    }

    /** The registry entry this spec names. */
    @JsonIgnore
    public DatasetKind kind() {
        return DatasetKind.byId(name).orElseThrow();
    }

    /** The per-channel mean and std this spec's {@code normalization} selects. */
    @JsonIgnore
    public Normalization meanAndStd() {
        return kind().normalization(normalization);
    }
}
