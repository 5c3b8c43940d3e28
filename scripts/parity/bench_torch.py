#!/usr/bin/python3
"""Times PyTorch training steps for a side-by-side benchmark with the Java harness.

  bench_torch.py --model resnet18 --width 0.0625 --batch 2 --optimizer sgd --steps 30 \
                 --warmup 5 --threads 2 [--channels 3 --classes 10 --growth 32 --blocks 6,12,24,16]
      forward + F.cross_entropy + zero_grad(set_to_none=False) + backward + opt.step on random
      32x32 inputs (float32, train mode), `warmup` untimed steps then `steps` timed ones.
      -> {"model", "width", "batch", "optimizer", "threads", "steps", "ms_per_step_median",
          "ms_per_step_min", "images_per_s"}   (images_per_s = batch / median)
  bench_torch.py --optimizer-only NAME --shapes resnet34 [--steps 30 --warmup 5 --threads 2]
      opt.step alone over ResNet-34's parameter shapes (random weights, fixed random gradients of
      scale 0.01), `steps` rounds after `warmup`.
      -> {"optimizer", "shapes", "numel", "impl", "ms_per_step_median", "ms_per_step_min"}
  bench_torch.py --loop
      one JSON request per stdin line (the fields above, as JSON names: model, width, batch,
      optimizer, steps, warmup, threads, channels, classes, growth, blocks, optimizer_only,
      shapes; missing ones take the defaults), one JSON answer per line, flushed; an error
      answers {"error": "..."}. EOF or an empty line ends the loop.

Optimizers take the protocol's defaults (optimizers.resolve; sigma2 = 0.1/batch for AdaBayes).
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import models  # noqa: E402
import optimizers  # noqa: E402

DEFAULTS = {"model": "resnet18", "width": 1.0, "batch": 128, "optimizer": "sgd", "steps": 30,
            "warmup": 5, "threads": 2, "channels": 3, "classes": 10, "growth": 32,
            "blocks": [6, 12, 24, 16], "optimizer_only": None, "shapes": "resnet34", "seed": 0,
            "foreach": False, "profile": None}

IMPL = {"adabayes": "the AdaBayes author's in-place ops (adabayes.py, the unused v left out)",
        "adabayes-fp": "the AdaBayes author's in-place ops (adabayesfp.py)",
        "adabound": "Luo et al.'s ops (adabound.py)",
        "amsbound": "Luo et al.'s ops (adabound.py, amsbound=True)"}


class AuthorsForm:
    """The rules whose reference is not torch.optim, as their authors' code steps them: the same
    in-place torch ops in the same order, per tensor (LaurenceA/adabayes, Luolc/AdaBound). The
    parity reference (optimizers.py) writes the same rules for clarity; this is for timing."""

    def __init__(self, spec, params, batch):
        self.s, self.params, self.batch = spec, list(params), batch
        self.state = {}

    @torch.no_grad()
    def step(self, factor=1.0):
        s, name = self.s, self.s["name"]
        for p in self.params:
            st = self.state.setdefault(p, {"t": 0})
            st["t"] += 1
            t = st["t"]
            if name in ("adabayes", "adabayes-fp"):
                self.bayes(p, st, t, factor, name == "adabayes")
            else:
                self.bound(p, st, t, factor, name == "amsbound")

    def bayes(self, p, st, t, f, filtered):
        s = self.s
        b1 = s["beta1"]
        eta = s["lr"] * f
        sig2 = s["sigma2"] * f
        grad = p.grad
        grad.mul_(self.batch)
        if "m" not in st:
            st["m"] = torch.zeros_like(p)
            if filtered:
                st["s2"] = torch.full_like(p, s["sigma2"])
            else:
                st["v"] = torch.zeros_like(p)
        m = st["m"]
        m.mul_(b1).add_(grad, alpha=1 - b1)
        if filtered:
            decay = math.exp(-eta * eta / sig2)
            s2 = st["s2"]
            s2.mul_(decay).add_(sig2 * (1 - decay))
            s2.reciprocal_().addcmul_(grad, grad).reciprocal_()
            p.addcmul_(m, s2, value=-1 / (1 - b1 ** t))
            p.mul_(1 - s["weightDecay"] * f)
        else:
            b2 = s["beta2"]
            v = st["v"]
            v.mul_(b2).addcmul_(grad, grad, value=1 - b2)
            lpost = v.div(1 - b2 ** t).add_(s["eps"])
            half = 0.5 / sig2
            lpost.mul_(1 / eta ** 2).add_(half ** 2).sqrt_().add_(half)
            p.addcdiv_(m, lpost, value=-1 / (1 - b1 ** t))
            p.mul_(1 - s["weightDecay"])
        grad.div_(self.batch)   # the gradient is a fixed input of the benchmark

    def bound(self, p, st, t, f, ams):
        s = self.s
        b1, b2 = s["beta1"], s["beta2"]
        grad = p.grad.add(p, alpha=s["weightDecay"])
        if "m" not in st:
            st["m"], st["v"] = torch.zeros_like(p), torch.zeros_like(p)
            if ams:
                st["vmax"] = torch.zeros_like(p)
        m, v = st["m"], st["v"]
        m.mul_(b1).add_(grad, alpha=1 - b1)
        v.mul_(b2).addcmul_(grad, grad, value=1 - b2)
        if ams:
            torch.max(st["vmax"], v, out=st["vmax"])
            denom = st["vmax"].sqrt().add_(s["eps"])
        else:
            denom = v.sqrt().add_(s["eps"])
        step = s["lr"] * f * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        final = s["finalLr"] * f
        lower = final * (1 - 1 / (s["gamma"] * t + 1))
        upper = final * (1 + 1 / (s["gamma"] * t))
        size = torch.full_like(denom, step)
        size.div_(denom).clamp_(lower, upper).mul_(m)
        p.add_(-size)


def model_spec(r):
    if r["model"] == "densenet121":
        return {"name": r["model"], "growth": int(r["growth"]), "blocks": list(r["blocks"]),
                "classes": int(r["classes"]), "channels": int(r["channels"])}
    return {"name": r["model"], "width": float(r["width"]), "classes": int(r["classes"]),
            "channels": int(r["channels"])}


def summary(times_s):
    ms = np.array(times_s) * 1e3
    return float(np.median(ms)), float(ms.min())


_MODELS = {}


def bench_train(r):
    """Training steps (forward, cross-entropy, zero_grad, backward, step) on a fixed random batch;
    the model and optimizer are kept between requests with the same network and batch."""
    torch.set_num_threads(int(r["threads"]))
    spec = model_spec(r)
    b = int(r["batch"])
    key = (json.dumps(spec, sort_keys=True), b, r["optimizer"])
    if key not in _MODELS:
        torch.manual_seed(int(r["seed"]))
        model = models.build(spec).train()
        opt = optimizers.make(optimizers.resolve(r["optimizer"], models.paper_model(spec), b),
                              model.parameters(), b)
        x = torch.randn(b, spec["channels"], 32, 32)
        y = torch.randint(0, spec["classes"], (b,))
        _MODELS[key] = (model, opt, x, y)
    model, opt, x, y = _MODELS[key]

    def step():
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad(set_to_none=False)
        loss.backward()
        opt.step(1.0)

    if r["profile"]:
        # libtorch's profiler over `steps` steps, its Chrome trace written where asked (the Java
        # side reads its own the same way)
        t0 = time.perf_counter()
        with torch.autograd.profiler.profile() as prof:
            for _ in range(int(r["steps"])):
                step()
        wall = time.perf_counter() - t0
        prof.export_chrome_trace(r["profile"])
        return {"profile": r["profile"], "steps": int(r["steps"]),
                "ms_per_step_mean": 1e3 * wall / int(r["steps"])}
    times = []
    for i in range(int(r["warmup"]) + int(r["steps"])):
        t0 = time.perf_counter()
        step()
        t1 = time.perf_counter()
        if i >= int(r["warmup"]):
            times.append(t1 - t0)
    med, mn = summary(times)
    return {"model": spec["name"], "width": spec.get("width"), "batch": b,
            "optimizer": r["optimizer"], "threads": torch.get_num_threads(),
            "interop_threads": torch.get_num_interop_threads(), "torch": torch.__version__,
            "onednn_isa_cap": os.environ.get("ONEDNN_MAX_CPU_ISA"), "steps": int(r["steps"]),
            "ms_per_step_mean": 1e3 * sum(times) / max(1, len(times)),
            "ms_per_step_median": med, "ms_per_step_min": mn, "images_per_s": b / (med / 1e3),
            "times_ms": [t * 1e3 for t in times]}


_CACHE = {}


def bench_optimizer(r):
    """Rounds of one optimizer step over a network's parameter shapes. The weights, gradients and
    optimizer state are kept between requests (per optimizer and shapes), so a request for one
    round, interleaved with the Java side, times a steady-state step."""
    torch.set_num_threads(int(r["threads"]))
    name = r["optimizer_only"]
    foreach = bool(r["foreach"])
    key = (name, r["shapes"], int(r["batch"]), foreach)
    if key not in _CACHE:
        torch.manual_seed(int(r["seed"]))
        spec = {"name": r["shapes"], "classes": int(r["classes"]), "channels": int(r["channels"])}
        params = []
        for shape in [p.shape for p in models.build(spec).parameters()]:
            p = torch.nn.Parameter(torch.randn(shape) * 0.05)
            p.grad = torch.randn(shape) * 0.01   # a fixed input; no rule changes it in the end
            params.append(p)
        resolved = optimizers.resolve(name, models.paper_model(spec), int(r["batch"]))
        opt = (AuthorsForm(resolved, params, int(r["batch"])) if name in IMPL
               else optimizers.make(resolved, params, int(r["batch"])))
        if foreach:
            if not isinstance(opt, optimizers.TorchOptimizer):
                # torch.optim has no foreach form of this rule: nothing to time
                return {"optimizer": name, "foreach": True, "impl": None,
                        "ms_per_step_median": None, "ms_per_step_min": None}
            inner = opt.opt
            opt.opt = type(inner)(opt.params, **dict(inner.defaults, foreach=True))
        _CACHE[key] = (params, opt)
    params, opt = _CACHE[key]
    times = []
    for i in range(int(r["warmup"]) + int(r["steps"])):
        t0 = time.perf_counter()
        opt.step(1.0)
        t1 = time.perf_counter()
        if i >= int(r["warmup"]):
            times.append(t1 - t0)
    med, mn = summary(times)
    return {"optimizer": name, "shapes": r["shapes"], "numel": int(sum(p.numel() for p in params)),
            "tensors": len(params), "threads": int(r["threads"]),
            "impl": IMPL.get(name, "torch.optim (foreach=%s)" % foreach),
            "ms_per_step_median": med, "ms_per_step_min": mn, "times_ms": [t * 1e3 for t in times]}


def answer(req):
    r = dict(DEFAULTS)
    unknown = sorted(set(req) - set(DEFAULTS))
    if unknown:
        raise ValueError("unknown field(s): " + ", ".join(unknown))
    r.update({k: v for k, v in req.items() if v is not None})
    if isinstance(r["blocks"], str):
        r["blocks"] = [int(v) for v in r["blocks"].split(",")]
    return bench_optimizer(r) if r["optimizer_only"] else bench_train(r)


def loop():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            break
        try:
            out = answer(json.loads(line))
        except Exception as e:  # answer and keep serving
            out = {"error": "%s: %s" % (type(e).__name__, " ".join(str(e).split()))}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser(description="PyTorch step timings for the Java benchmark")
    ap.add_argument("--model", default=DEFAULTS["model"], choices=models.NAMES)
    ap.add_argument("--width", type=float, default=DEFAULTS["width"])
    ap.add_argument("--growth", type=int, default=DEFAULTS["growth"])
    ap.add_argument("--blocks", default="6,12,24,16")
    ap.add_argument("--batch", type=int, default=DEFAULTS["batch"])
    ap.add_argument("--optimizer", default=DEFAULTS["optimizer"], choices=optimizers.NAMES)
    ap.add_argument("--steps", type=int, default=DEFAULTS["steps"])
    ap.add_argument("--warmup", type=int, default=DEFAULTS["warmup"])
    ap.add_argument("--threads", type=int, default=DEFAULTS["threads"])
    ap.add_argument("--channels", type=int, default=DEFAULTS["channels"])
    ap.add_argument("--classes", type=int, default=DEFAULTS["classes"])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--optimizer-only", dest="optimizer_only", choices=optimizers.NAMES)
    ap.add_argument("--shapes", default="resnet34", choices=models.NAMES)
    ap.add_argument("--loop", action="store_true", help="serve JSON requests on stdin")
    a = ap.parse_args()
    if a.loop:
        loop()
        return 0
    req = {k: v for k, v in vars(a).items() if k != "loop"}
    try:
        out = answer(req)
    except Exception as e:
        print("bench_torch.py: %s" % " ".join(str(e).split()), file=sys.stderr)
        return 2
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
