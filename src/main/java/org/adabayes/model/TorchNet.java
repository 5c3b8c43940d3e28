package org.adabayes.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What both networks share, and why they are not built from DJL's layer blocks. Every parameter
 * and BatchNorm buffer is a direct parameter of one block, named by its key in the PyTorch
 * {@code state_dict} of the reference model (kuangliu/pytorch-cifar, {@code docs/protocol.md}):
 * {@code conv1.weight}, {@code layer2.0.shortcut.1.running_var}, {@code dense3.5.conv2.weight}, so
 * weights export to PyTorch and back by name. The forward pass is written out as the reference's
 * {@code forward()} with libtorch's functional ops, which keeps each layer one native call: no
 * block dispatch, no NDList per layer, and BatchNorm with PyTorch's own momentum (0.1) and eps
 * (1e-5) in double precision (DJL's BatchNorm block passes 1 - 0.9f).
 */
public abstract class TorchNet extends AbstractBlock {
    private static final double BN_MOMENTUM = 0.1;
    private static final double BN_EPS = 1e-5;
    private static final Shape ONE = new Shape(1, 1);
    private static final Shape NO_PAD = new Shape(0, 0);

    private final Map<String, Parameter> byKey = new LinkedHashMap<>();
    private final Set<Integer> spatialConvOutputs = new TreeSet<>();
    private final int classes;
    private boolean capturing;
    private List<LayerCapture> captured;

    protected TorchNet(int classes) {
        this.classes = classes;
    }

    public int classes() {
        return classes;
    }

    /**
     * Whether training forward passes capture every convolution's and linear layer's input and
     * output gradient ({@link LayerCapture}), for AdaBayes-KF. Off by default: the probe adds one
     * op per layer.
     */
    public void setCapturing(boolean on) {
        capturing = on;
    }

    /** The captures of the last training forward pass (empty when not capturing), taken once. */
    public List<LayerCapture> takeCaptured() {
        List<LayerCapture> out = captured == null ? List.of() : captured;
        captured = null;
        return out;
    }

    private NDArray tap(String weightKey, NDArray input, NDArray output, int kernel, int stride,
            int padding) {
        if (captured == null) {
            return output;
        }
        NDArray probe = output.zerosLike();
        probe.setRequiresGradient(true);
        captured.add(new LayerCapture(weightKey, input, probe, kernel, stride, padding));
        return output.add(probe);
    }

    /** The parameters and buffers in state_dict order, by key. */
    public Map<String, Parameter> stateDict() {
        return byKey;
    }

    private void add(String key, Parameter.Type type, Shape shape, boolean grad) {
        Parameter p = addParameter(Parameter.builder().setName(key).setType(type)
                .optShape(shape).optRequiresGrad(grad).build());
        byKey.put(key, p);
    }

    /** The output channel counts of the convolutions with a kernel wider than 1. */
    public Set<Integer> spatialConvOutputs() {
        return spatialConvOutputs;
    }

    /** A bias-free square convolution, as every convolution of both reference networks. */
    protected final void declareConv(String name, int in, int out, int kernel) {
        if (kernel > 1) {
            spatialConvOutputs.add(out);
        }
        add(name + ".weight", Parameter.Type.WEIGHT, new Shape(out, in, kernel, kernel), true);
    }

    /** BatchNorm2d: weight, bias, running_mean, running_var. */
    protected final void declareBatchNorm(String name, int channels) {
        Shape s = new Shape(channels);
        add(name + ".weight", Parameter.Type.GAMMA, s, true);
        add(name + ".bias", Parameter.Type.BETA, s, true);
        add(name + ".running_mean", Parameter.Type.RUNNING_MEAN, s, false);
        add(name + ".running_var", Parameter.Type.RUNNING_VAR, s, false);
    }

    protected final void declareLinear(String name, int in, int out) {
        add(name + ".weight", Parameter.Type.WEIGHT, new Shape(out, in), true);
        add(name + ".bias", Parameter.Type.BIAS, new Shape(out), true);
    }

    private PtNDArray array(String key) {
        return (PtNDArray) byKey.get(key).getArray();
    }

    protected final NDArray conv(String name, NDArray x, int stride, int padding) {
        PtNDArray w = array(name + ".weight");
        NDArray y = JniUtils.convolution((PtNDArray) x, w, null,
                new Shape(stride, stride), padding == 0 ? NO_PAD : new Shape(padding, padding),
                ONE, 1);
        return tap(name + ".weight", x, y, (int) w.getShape().get(2), stride, padding);
    }

    /**
     * BatchNorm2d in training (batch statistics, running statistics updated in place) or
     * inference mode. JniUtils names its arguments (gamma, beta, mean, var) but the native call
     * takes (mean, var, weight, bias), which is the order PtNDArrayEx passes; so do we.
     */
    protected final NDArray batchNorm(String name, NDArray x, boolean training) {
        return JniUtils.batchNorm((PtNDArray) x, array(name + ".running_mean"),
                array(name + ".running_var"), array(name + ".weight"), array(name + ".bias"),
                training, BN_MOMENTUM, BN_EPS);
    }

    protected final NDArray linear(String name, NDArray x) {
        return tap(name + ".weight", x, JniUtils.linear((PtNDArray) x, array(name + ".weight"),
                array(name + ".bias")), 0, 1, 0);
    }

    protected static NDArray relu(NDArray x) {
        return JniUtils.relu((PtNDArray) x);
    }

    /** F.avg_pool2d(x, k): stride k, no padding. */
    protected static NDArray avgPool(NDArray x, int k) {
        Shape s = new Shape(k, k);
        return JniUtils.avgPool((PtNDArray) x, s, s, NO_PAD, false, true);
    }

    /** The reference's forward(): logits of shape (B, classes). */
    protected abstract NDArray forward(NDArray x, boolean training);

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        captured = capturing && training ? new ArrayList<>() : null;
        return new NDList(forward(inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }
}
