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
            "blocks": [6, 12, 24, 16], "optimizer_only": None, "shapes": "resnet34", "seed": 0}

# The AdaBayes pair's step() is already the author's form: plain in-place torch ops per tensor.
IMPL = {"adabayes": "plain in-place torch ops per tensor (the AdaBayes author's form)",
        "adabayes-fp": "plain in-place torch ops per tensor (the AdaBayes author's form)",
        "adabound": "plain in-place torch ops per tensor (Luo et al.'s form)",
        "amsbound": "plain in-place torch ops per tensor (Luo et al.'s form)"}


def model_spec(r):
    if r["model"] == "densenet121":
        return {"name": r["model"], "growth": int(r["growth"]), "blocks": list(r["blocks"]),
                "classes": int(r["classes"]), "channels": int(r["channels"])}
    return {"name": r["model"], "width": float(r["width"]), "classes": int(r["classes"]),
            "channels": int(r["channels"])}


def summary(times_s):
    ms = np.array(times_s) * 1e3
    return float(np.median(ms)), float(ms.min())


def bench_train(r):
    torch.set_num_threads(int(r["threads"]))
    torch.manual_seed(int(r["seed"]))
    spec = model_spec(r)
    model = models.build(spec).train()
    b = int(r["batch"])
    opt = optimizers.make(optimizers.resolve(r["optimizer"], models.paper_model(spec), b),
                          model.parameters(), b)
    x = torch.randn(b, spec["channels"], 32, 32)
    y = torch.randint(0, spec["classes"], (b,))
    times = []
    for i in range(int(r["warmup"]) + int(r["steps"])):
        t0 = time.perf_counter()
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad(set_to_none=False)
        loss.backward()
        opt.step(1.0)
        t1 = time.perf_counter()
        if i >= int(r["warmup"]):
            times.append(t1 - t0)
    med, mn = summary(times)
    return {"model": spec["name"], "width": spec.get("width"), "batch": b,
            "optimizer": r["optimizer"], "threads": int(r["threads"]), "steps": int(r["steps"]),
            "ms_per_step_median": med, "ms_per_step_min": mn, "images_per_s": b / (med / 1e3)}


def bench_optimizer(r):
    torch.set_num_threads(int(r["threads"]))
    torch.manual_seed(int(r["seed"]))
    name = r["optimizer_only"]
    spec = {"name": r["shapes"], "classes": int(r["classes"]), "channels": int(r["channels"])}
    shapes = [p.shape for p in models.build(spec).parameters()]
    params = []
    for s in shapes:
        p = torch.nn.Parameter(torch.randn(s) * 0.05)
        p.grad = torch.randn(s) * 0.01   # fixed; the optimizers do not modify p.grad
        params.append(p)
    opt = optimizers.make(optimizers.resolve(name, models.paper_model(spec), int(r["batch"])),
                          params, int(r["batch"]))
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
            "impl": IMPL.get(name, "torch.optim (foreach=False)"),
            "ms_per_step_median": med, "ms_per_step_min": mn}


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
