package org.adabayes.data;

import java.util.Map;
import org.adabayes.io.UserInputException;

/**
 * A dataset's training and test images and the digests of the files they came from (recorded in
 * every run's manifest).
 */
public record Splits(ImageSet train, ImageSet test, Map<String, String> checksums) {
    public Splits head(Integer trainN, Integer testN) {
        return new Splits(train.head(trainN), test.head(testN), checksums);
    }

    /** These splits, if a training batch of {@code batchSize} can be filled (else bad input). */
    public Splits requireBatch(int batchSize, String dataset) {
        if (batchSize > train.size()) {
            throw new UserInputException("batchSize: " + batchSize + " is larger than the "
                    + train.size() + " training images of " + dataset);
        }
        return this;
    }
}
