"""Writes the TorchScript module that runs every element-wise rule of the harness over all the
tensors of one device and dtype at once (MultiTensor.java): one call from Java per optimizer step,
and inside it a handful of torch._foreach_* operations (multi-tensor kernels on a GPU: a few
launches per operation however many tensors), where the per-tensor NDArray form makes about ten
calls per tensor. DJL 0.32's JNI exposes no foreach op, hence the module. Run with Debian's
PyTorch; the output is committed as src/main/resources/org/adabayes/optim/multistep.pt, so
training never needs Python:

    /usr/bin/python3 scripts/optim/multi_tensor_module.py src/main/resources/org/adabayes/optim/multistep.pt

Each branch is the NDArray form of the rule of the same name in src/main/java/org/adabayes/optim
(docs/equations.md), with the step's scalars computed in Java (learning rate times the schedule
factor, bias corrections, drift, bounds) and passed in `s`, the variant switches in `flags`.
MultiTensorTest holds every branch to the NDArray form in float64.
"""
import sys
from typing import List

import torch
from torch import Tensor


def moments(d: List[Tensor], state: List[List[Tensor]], b1: float, b2: float, centred: bool,
            keep_max: bool) -> List[Tensor]:
    """m = b1 m + (1 - b1) d ; v = b2 v + (1 - b2) e^2, e = d or d - m (the new m), in place on
    state[0] and state[1]; with keep_max the running maximum of v (state[2], AMSGrad and
    AMSBound) is updated and returned in place of v, as Moments.update does."""
    m = state[0]
    v = state[1]
    torch._foreach_mul_(m, b1)
    torch._foreach_add_(m, d, alpha=1.0 - b1)
    torch._foreach_mul_(v, b2)
    if centred:
        e = torch._foreach_sub(d, m)
        torch._foreach_addcmul_(v, e, e, value=1.0 - b2)
    else:
        torch._foreach_addcmul_(v, d, d, value=1.0 - b2)
    if keep_max:
        torch._foreach_maximum_(state[2], v)
        return state[2]
    return v


def decayed_step(w: List[Tensor], delta: List[Tensor], size: float, before: float,
                 after: float):
    """w = (w before - size delta) after: the step between the two places a decoupled decay can
    go (Decay.java)."""
    if before != 1.0:
        torch._foreach_mul_(w, before)
    torch._foreach_add_(w, delta, alpha=-size)
    if after != 1.0:
        torch._foreach_mul_(w, after)


def with_l2(g: List[Tensor], w: List[Tensor], wd: float) -> List[Tensor]:
    if wd == 0.0:
        return g
    return torch._foreach_add(g, w, alpha=wd)


class MultiStep(torch.nn.Module):
    def forward(self, rule: str, w: List[Tensor], g: List[Tensor], flat_state: List[Tensor],
                s: List[float], flags: List[bool], own_grads: List[Tensor]) -> int:
        n = len(w)
        with torch.no_grad():
            # the state slots, in the rule's slots() order, one after another
            state = [flat_state[k * n:(k + 1) * n] for k in range(len(flat_state) // max(n, 1))]
            if rule == "sgd":
                # s: lr f, momentum, weight decay
                d = with_l2(g, w, s[2])
                if s[1] != 0.0:
                    torch._foreach_mul_(state[0], s[1])
                    torch._foreach_add_(state[0], d)
                    d = state[0]
                torch._foreach_add_(w, d, alpha=-s[0])
            elif rule == "adagrad":
                # s: lr f, weight decay, eps
                d = with_l2(g, w, s[1])
                torch._foreach_addcmul_(state[0], d, d)
                den = torch._foreach_sqrt(state[0])
                torch._foreach_add_(den, s[2])
                torch._foreach_addcdiv_(w, d, den, value=-s[0])
            elif rule == "adam":
                # s: b1, b2, 1/sqrt(bc2), eps, lr f / bc1, coupled wd, decay before, after
                # flags: amsgrad, centred
                d = with_l2(g, w, s[5])
                v = moments(d, state, s[0], s[1], flags[1], flags[0])
                den = torch._foreach_sqrt(v)
                torch._foreach_mul_(den, s[2])
                torch._foreach_add_(den, s[3])
                if s[6] != 1.0:
                    torch._foreach_mul_(w, s[6])
                torch._foreach_addcdiv_(w, state[0], den, value=-s[4])
                if s[7] != 1.0:
                    torch._foreach_mul_(w, s[7])
            elif rule == "adabound":
                # s: b1, b2, eps, step size, lower bound, upper bound, weight decay
                # flags: amsbound
                d = with_l2(g, w, s[6])
                v = moments(d, state, s[0], s[1], False, flags[0])
                rate = torch._foreach_sqrt(v)
                torch._foreach_add_(rate, s[2])
                torch._foreach_reciprocal_(rate)
                torch._foreach_mul_(rate, s[3])
                # the clip: no foreach clamp by a scalar in this PyTorch, so a 0-dim bound
                # broadcast against each tensor (the foreach op's per-tensor path)
                lo = torch.full([], s[4], dtype=w[0].dtype, device=w[0].device)
                hi = torch.full([], s[5], dtype=w[0].dtype, device=w[0].device)
                torch._foreach_maximum_(rate, [lo for _ in rate])
                torch._foreach_minimum_(rate, [hi for _ in rate])
                torch._foreach_mul_(rate, state[0])
                torch._foreach_sub_(w, rate)
            elif rule == "adabayes-fp":
                # s: b1, b2, B^2/(bc2 eta_f^2), eps/eta_f^2 + 1/(2 sigma2_f)^2, 1/(2 sigma2_f),
                #    B/bc1, decay before, after ; flags: centred
                moments(g, state, s[0], s[1], flags[0], False)
                post = torch._foreach_mul(state[1], s[2])
                torch._foreach_add_(post, s[3])
                torch._foreach_sqrt_(post)
                torch._foreach_add_(post, s[4])
                torch._foreach_reciprocal_(post)
                torch._foreach_mul_(post, state[0])
                decayed_step(w, post, s[5], s[6], s[7])
            elif rule == "adabayes":
                # s: drift a, drift c, b1, B, B/bc1, decay before, after ; flags: centred
                post = state[1]
                m = state[0]
                torch._foreach_mul_(post, s[0])
                torch._foreach_add_(post, s[1])
                torch._foreach_mul_(m, s[2])
                torch._foreach_add_(m, g, alpha=1.0 - s[2])
                if flags[0]:
                    e = torch._foreach_sub(g, m)
                    torch._foreach_mul_(e, s[3])
                else:
                    e = torch._foreach_mul(g, s[3])
                torch._foreach_reciprocal_(post)
                torch._foreach_addcmul_(post, e, e)
                torch._foreach_reciprocal_(post)
                decayed_step(w, torch._foreach_mul(post, m), s[4], s[5], s[6])
            elif rule == "adabayes-kf-layers":
                # AdaBayes-KF's Kronecker-factored layers (docs/kronecker.md), a matrix step per
                # layer: state m, U, V, a, s; s: b1, B/bc1, B, eps, 1/eta_f^2, 1/(2 sigma2_f),
                # decay before, after
                inv2s = s[5]
                for i in range(n):
                    m = state[0][i]
                    u = state[1][i]
                    v = state[2][i]
                    out = w[i].shape[0]
                    m.mul_(s[0]).add_(g[i], alpha=1.0 - s[0])
                    rotated = v.t().matmul(m.reshape(out, -1)).matmul(u).mul_(s[1])
                    rate = state[4][i].reshape(out, 1).mul(state[3][i].reshape(1, -1))
                    rate.mul_(s[2]).add_(s[3]).mul_(s[4]).add_(inv2s * inv2s).sqrt_()
                    rate.add_(inv2s).pow_(-1.0)
                    delta = v.matmul(rotated.mul_(rate)).matmul(u.t()).reshape(w[i].shape)
                    if s[6] != 1.0:
                        w[i].mul_(s[6])
                    w[i].sub_(delta)
                    if s[7] != 1.0:
                        w[i].mul_(s[7])
            else:
                raise RuntimeError("unknown rule " + rule)
            # the weights' own gradients, zeroed after the update (in training they are g; a
            # caller's other g is left alone, as the per-tensor form leaves it)
            if len(own_grads) > 0:
                torch._foreach_zero_(own_grads)
        return n


if __name__ == "__main__":
    torch.jit.script(MultiStep()).save(sys.argv[1])
    print("wrote %s (torch %s)" % (sys.argv[1], torch.__version__))
