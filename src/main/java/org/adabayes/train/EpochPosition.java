package org.adabayes.train;

/**
 * Where a run stands inside an epoch, which is all a mid-epoch checkpoint adds to the weights and
 * the optimizer state: the epoch's permutation of the training set, the steps of it done (the
 * position in the augmentation stream, whose draws derive from (seed, epoch, step)), the running
 * sums of the training loss and error exactly as the device held them, and the seconds spent so
 * far. {@code step == batches} means training finished and the evaluation was interrupted; it is
 * run again from the start on resume, as it reads only the weights.
 *
 * @param epoch 0-based epoch
 * @param step steps of it done
 * @param batches steps the epoch has
 * @param order the epoch's permutation of the training images
 * @param lossSum summed training loss over the images seen (float64, as accumulated)
 * @param wrong misclassified training images so far
 * @param images training images seen so far
 * @param trainSeconds training time of the epoch so far, over every invocation
 * @param evalSeconds evaluation time spent on it so far (an interrupted evaluation's included)
 */
public record EpochPosition(int epoch, int step, int batches, int[] order, double lossSum,
        long wrong, long images, double trainSeconds, double evalSeconds) {

    /** Whether training is done and only the evaluation is left. */
    public boolean trained() {
        return step >= batches;
    }
}
