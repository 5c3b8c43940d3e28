package org.adabayes.data;

import java.util.Map;

/**
 * A dataset's training and test images and the digests of the files they came from (recorded in
 * every run's manifest).
 */
public record Splits(ImageSet train, ImageSet test, Map<String, String> checksums) {
    public Splits head(Integer trainN, Integer testN) {
        return new Splits(train.head(trainN), test.head(testN), checksums);
    }
}
