#!/usr/bin/python3
"""Self-checks of the PyTorch reference: parameter counts, a tiny float64 `run` for every
optimizer (twice, bitwise), limit checks between optimizers, the AdaBayes fixed point, and
`load` rejecting an incomplete npz. Usage: /usr/bin/python3 scripts/parity/selfcheck.py [--keep DIR]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import models  # noqa: E402
import optimizers  # noqa: E402

PY = "/usr/bin/python3"
REF = os.path.join(HERE, "reference.py")
TINY = {"name": "resnet18", "width": 0.125, "classes": 10, "channels": 3}
failures = []


def check(ok, what):
    print(("PASS " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def make_case(d, model_spec, opt_spec, batch=4, steps=3, precision="float64", factors=None,
              seed=0, evals=5, hw=32):
    """Writes spec.json, init.npz, batches.npz, eval.npz (PyTorch default init with `seed`,
    normal inputs, uniform labels) into directory d."""
    os.makedirs(d, exist_ok=True)
    nd = np.float64 if precision == "float64" else np.float32
    torch.manual_seed(seed)
    m = models.build(model_spec)
    init = {k: (v.numpy().astype(np.int64) if k.endswith("num_batches_tracked")
                else v.numpy().astype(nd)) for k, v in m.state_dict().items()}
    rng = np.random.default_rng(seed)
    c = model_spec.get("channels", 3)
    x = rng.standard_normal((steps, batch, c, hw, hw)).astype(nd)
    y = rng.integers(0, model_spec.get("classes", 10), size=(steps, batch)).astype(np.int64)
    ex = rng.standard_normal((evals, c, hw, hw)).astype(nd)
    np.savez(os.path.join(d, "init.npz"), **init)
    np.savez(os.path.join(d, "batches.npz"), x=x, y=y)
    np.savez(os.path.join(d, "eval.npz"), x=ex, logits=np.zeros((evals, 10), nd))
    spec = {"model": model_spec, "optimizer": opt_spec, "batchSize": batch,
            "precision": precision, "steps": steps,
            "factors": factors if factors is not None else [1.0] * steps, "threads": 1}
    with open(os.path.join(d, "spec.json"), "w") as f:
        json.dump(spec, f, indent=1)


def run_ref(*args):
    return subprocess.run([PY, REF] + list(args), capture_output=True, text=True)


def final(d):
    with np.load(os.path.join(d, "torch-final.npz")) as z:
        return {k: z[k] for k in z.files}


def max_rel(a, b):
    """max over float keys of max|a-b| / max(max|a|, tiny), and the key where it occurs."""
    worst, where = 0.0, None
    for k in a:
        if a[k].dtype.kind != "f":
            continue
        r = np.max(np.abs(a[k] - b[k])) / max(np.max(np.abs(a[k])), 1e-300)
        if r > worst:
            worst, where = r, k
    return worst, where


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", help="write the cases here and keep them")
    args = ap.parse_args()
    root = args.keep or tempfile.mkdtemp(prefix="parity-selfcheck-")
    torch.set_num_threads(1)

    # 1. parameter counts
    for spec, want in [({"name": "resnet34"}, 21282122), ({"name": "resnet18"}, 11173962),
                       ({"name": "densenet121"}, 6956298),
                       ({"name": "resnet34", "classes": 100}, 21328292),
                       ({"name": "densenet121", "classes": 100}, 7048548)]:
        n = models.count_params(models.build(spec))
        check(n == want, "params %s = %d (want %d)" % (json.dumps(spec), n, want))

    # 2. every optimizer, float64, resnet18 width 0.125, batch 4, 3 steps; twice bitwise
    for name in optimizers.NAMES:
        opt = optimizers.resolve(name, "resnet34", 4)
        d = os.path.join(root, "opt-" + name)
        make_case(d, TINY, opt, factors=[1.0, 1.0, 0.1])
        r1 = run_ref("run", d)
        csv1 = open(os.path.join(d, "torch.csv")).read() if r1.returncode == 0 else ""
        f1 = final(d) if r1.returncode == 0 else {}
        r2 = run_ref("run", d)
        csv2 = open(os.path.join(d, "torch.csv")).read() if r2.returncode == 0 else ""
        losses = [float(l.split(",")[1]) for l in csv1.strip().split("\n")[1:]] if csv1 else []
        moved = bool(f1) and max_rel(f1, np.load(os.path.join(d, "init.npz")))[0] > 0
        same = bool(f1) and all(np.array_equal(f1[k], v) for k, v in final(d).items())
        check(r1.returncode == 0 and len(losses) == 3 and len(set(losses)) == 3 and moved
              and csv1 == csv2 and same,
              "run %-11s losses %s; rerun bitwise-identical csv=%s weights=%s %s"
              % (name, ["%.6f" % l for l in losses], csv1 == csv2, same,
                 (r1.stderr + r2.stderr).strip()))
    # float32 and densenet (small) also run
    d = os.path.join(root, "f32-densenet")
    make_case(d, {"name": "densenet121", "growth": 4, "blocks": [1, 2, 1, 1], "classes": 10,
                  "channels": 1}, optimizers.resolve("adabayes", "densenet121", 4),
              precision="float32")
    r = run_ref("run", d)
    check(r.returncode == 0, "float32 small-DenseNet (1 channel) adabayes run %s"
          % r.stderr.strip())

    # 3. limit checks (float64, 3 steps, f = 1)
    def pair(tag, spec_a, spec_b, tol, factors=None):
        da, db = os.path.join(root, tag + "-a"), os.path.join(root, tag + "-b")
        make_case(da, TINY, spec_a, factors=factors)
        make_case(db, TINY, spec_b, factors=factors)
        ra, rb = run_ref("run", da), run_ref("run", db)
        if ra.returncode or rb.returncode:
            check(False, tag + ": " + ra.stderr + rb.stderr)
            return None
        rel, key = max_rel(final(da), final(db))
        check(rel <= tol, "%s: max rel weight diff %.3g at %s (tol %.0e)" % (tag, rel, key, tol))
        return rel

    big = 1e30
    pair("adabayes-fp(sigma2=1e30,eps=0,wd=0) == adamw(eps=0,wd=0)",
         optimizers.resolve("adabayes-fp", batch_size=4, sigma2=big, eps=0.0, weightDecay=0.0),
         optimizers.resolve("adamw", eps=0.0, weightDecay=0.0), 1e-13)
    # With decay the two differ only in order: FP does w <- (w - u)(1 - lam), AdamW
    # w <- w(1 - lam) - u, a difference of lam*u. After one step with eps = 0, u = lr*sign(g), so
    # every element differs by exactly lam*lr (0 where g = 0). (Over several steps eps = 0 Adam
    # amplifies this into O(lr) differences on elements with near-zero gradients.)
    da, db = os.path.join(root, "decay-order-fp"), os.path.join(root, "decay-order-adamw")
    make_case(da, TINY, optimizers.resolve("adabayes-fp", batch_size=4, sigma2=big, eps=0.0),
              steps=1)
    make_case(db, TINY, optimizers.resolve("adamw", eps=0.0), steps=1)
    if run_ref("run", da).returncode == 0 and run_ref("run", db).returncode == 0:
        fa, fb = final(da), final(db)
        lam_lr = 5e-5 * 1e-3
        dev = max(np.max(np.abs(np.abs(fa[k] - fb[k])[fa[k] != fb[k]] - lam_lr), initial=0)
                  for k in fa if fa[k].dtype.kind == "f")
        check(dev < 1e-14, "adabayes-fp(sigma2=1e30,eps=0,wd=5e-5) vs adamw(eps=0,wd=5e-5), 1 "
              "step: every differing element differs by lam*lr = 5e-8 (max deviation %.2g)" % dev)
    else:
        check(False, "decay-order runs failed")
    pair("adabayes-fp(lr=1e30,beta1=0,eps=0,wd=0) == sgd(lr=B*sigma2=0.1,momentum=0,wd=0)",
         optimizers.resolve("adabayes-fp", batch_size=4, lr=big, beta1=0.0, eps=0.0,
                            weightDecay=0.0),
         optimizers.resolve("sgd", lr=0.1, momentum=0.0, weightDecay=0.0), 1e-13)
    pair("adabound(gamma=1e-30,eps=0) == adam(beta1=0.9,eps=0), coupled wd 5e-4",
         optimizers.resolve("adabound", gamma=1e-30, eps=0.0),
         optimizers.resolve("adam", beta1=0.9, eps=0.0), 1e-13, factors=[1.0, 0.5, 0.1])
    pair("amsbound(gamma=1e-30,eps=0) == amsgrad(beta1=0.9,eps=0), coupled wd 5e-4",
         optimizers.resolve("amsbound", gamma=1e-30, eps=0.0),
         optimizers.resolve("amsgrad", beta1=0.9, eps=0.0), 1e-13, factors=[1.0, 0.5, 0.1])

    # 4. AdaBayes' variance recursion for a constant summed-loss gradient g: s2_post converges to
    # the exact fixed point of the discrete recursion, s = 1/(1/p(s) + g^2) with
    # p(s) = a2 s + c (a2 = (1 - rho/2)^2, c = eta^2; exact prior: a2 = exp(-rho),
    # c = sigma2 (1 - exp(-rho))), i.e. a2 g^2 s^2 + (1 - a2 + c g^2) s - c = 0; and that is
    # AdaBayes-FP's eq. (21) up to O(rho) + O(eta g) (eq. 21 is the continuous-time limit; at
    # eta g = 1 the discrete fixed point is 0.62 eta/g, not eta/g).
    B = 128
    for exact in (False, True):
        worst_exact, worst_fp = 0.0, 0.0
        for gval in (1e-3, 0.1, 1.0, 10.0, 1e3):    # summed-loss gradient B*grad
            p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
            spec = optimizers.resolve("adabayes", batch_size=B, exactPrior=exact,
                                      weightDecay=0.0)
            o = optimizers.make(spec, [p], B)
            p.grad = torch.full_like(p, gval / B)
            for _ in range(20000):
                o.step(1.0)
            s2post = o.state[p]["s2_post"].item()
            eta, sig2 = spec["lr"], spec["sigma2"]
            rho = eta * eta / sig2
            a2, c = ((np.exp(-rho), sig2 * (1 - np.exp(-rho))) if exact
                     else ((1 - rho / 2) ** 2, eta * eta))
            bq = 1 - a2 + c * gval * gval
            disc = (-bq + np.sqrt(bq * bq + 4 * a2 * gval * gval * c)) / (2 * a2 * gval * gval)
            worst_exact = max(worst_exact, abs(s2post - disc) / disc)
            fp = 1 / (1 / (2 * sig2) + np.sqrt(1 / (4 * sig2 * sig2) + gval * gval / eta ** 2))
            if eta * gval <= 0.01:
                worst_fp = max(worst_fp, abs(s2post - fp) / fp)
        check(worst_exact < 1e-9 and worst_fp < 0.01,
              "AdaBayes(exactPrior=%s), constant g in 1e-3..1e3: s2_post -> discrete fixed point "
              "(max rel diff %.2g); = eq. 21 (AdaBayes-FP) where eta*g <= 0.01 (max rel diff "
              "%.2g, rho = %.3g)" % (exact, worst_exact, worst_fp, rho))

    # 5. load: complete npz ok, one key missing rejected with one line and exit 2
    d = os.path.join(root, "opt-sgd")
    r = run_ref("load", os.path.join(d, "init.npz"), json.dumps(TINY))
    check(r.returncode == 0 and r.stdout.startswith("ok "), "load complete npz: "
          + r.stdout.strip())
    z = dict(np.load(os.path.join(d, "init.npz")))
    z.pop("layer2.0.shortcut.1.running_var")
    np.savez(os.path.join(root, "missing.npz"), **z)
    r = run_ref("load", os.path.join(root, "missing.npz"), json.dumps(TINY))
    lines = r.stderr.strip().split("\n")
    check(r.returncode == 2 and len(lines) == 1 and lines[0].startswith("reference.py:")
          and r.stdout == "", "load rejects missing key: rc=%d stderr=%r"
          % (r.returncode, r.stderr.strip()))
    r = run_ref("run", os.path.join(root, "nope"))
    check(r.returncode == 2 and r.stderr.count("\n") == 1, "run missing dir: %r"
          % r.stderr.strip())

    print("cases in %s" % root)
    if not args.keep and not failures:
        shutil.rmtree(root)
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
