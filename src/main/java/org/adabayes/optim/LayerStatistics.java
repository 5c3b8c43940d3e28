package org.adabayes.optim;

import ai.djl.ndarray.NDArray;

/**
 * An optimizer that preconditions a layer by statistics of its inputs and output gradients
 * (AdaBayes-KF). The training step hands it, after the backward pass and before the update, what
 * the network captured for each convolution and linear layer.
 */
public interface LayerStatistics {
    /**
     * One minibatch's statistics of one layer.
     *
     * @param weightId the layer's weight, as the update receives it
     * @param inputs (fan-in, rows): the layer's input vectors as columns, one per image and
     *     output position (a convolution's input patches, C_in k k long, in the weight's order)
     * @param outputGradients (fan-out, rows): the gradient of the mean loss with respect to the
     *     layer's output at the same columns
     * @param batch the number of images in the minibatch
     */
    void observe(String weightId, NDArray inputs, NDArray outputGradients, int batch);
}
