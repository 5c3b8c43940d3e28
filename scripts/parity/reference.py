#!/usr/bin/python3
"""PyTorch reference for the Java harness's parity check (kuangliu/pytorch-cifar networks and the
harness's optimizers). Run with Debian's interpreter: /usr/bin/python3 scripts/parity/reference.py

  run DIR            DIR/spec.json, init.npz, batches.npz, eval.npz -> DIR/torch.csv,
                     torch-final.npz, torch-eval.npz
  epochs DIR [--threads N] [--prefix P]
                     whole epochs: DIR/spec.json, init.npz, stream.npz and the dataset files
                     spec.json names -> DIR/P-epochs.csv, P-final.npz (P: torch)
  keys SPEC          JSON list of [key, shape, dtype] of the model's state_dict, in order
  init-stats SPEC --seed S --out FILE.json
                     per-key numel/mean/std/min/max of a fresh default-initialised model
  load NPZ SPEC      load_state_dict(strict=True) check; prints "ok N keys"

SPEC is a model spec as a JSON string or a file holding one (a run's spec.json, whose "model" is
used, also works). Errors: one line "reference.py: ..." on stderr, exit 2 (--verbose: traceback).
"""
import argparse
import json
import os
import sys
import traceback

PROG = "reference.py"


class UsageError(Exception):
    pass


try:
    import numpy as np
    import torch
    import torch.nn.functional as F
except ImportError:
    if "--verbose" in sys.argv:
        traceback.print_exc()
    print(PROG + ": PyTorch not found: apt-get install python3-torch python3-numpy",
          file=sys.stderr)
    sys.exit(2)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import datasets  # noqa: E402
import models  # noqa: E402
import optimizers  # noqa: E402

PRECISIONS = {"float64": (torch.float64, np.float64), "float32": (torch.float32, np.float32)}


def one_line(msg):
    return " ".join(str(msg).split())


def read_json(path):
    if not os.path.isfile(path):
        raise UsageError("%s: missing" % path)
    try:
        with open(path) as f:
            return json.load(f)
    except ValueError as e:
        raise UsageError("%s: not valid JSON: %s" % (path, e))


def model_spec_arg(arg):
    """A model spec from a JSON string or a file; a run spec's "model" object is accepted."""
    if os.path.isfile(arg):
        spec = read_json(arg)
    else:
        try:
            spec = json.loads(arg)
        except ValueError:
            raise UsageError("SPEC %r is neither a file nor valid JSON" % arg)
    if isinstance(spec, dict) and isinstance(spec.get("model"), dict):
        spec = spec["model"]
    return models.normalize_spec(spec)


def load_npz(path):
    if not os.path.isfile(path):
        raise UsageError("%s: missing" % path)
    try:
        with np.load(path, allow_pickle=False) as z:
            return {k: z[k] for k in z.files}
    except (ValueError, OSError) as e:
        raise UsageError("%s: cannot read npz: %s" % (path, one_line(e)))



def float_dtype_of(arrays, path):
    kinds = {str(v.dtype) for v in arrays.values() if v.dtype.kind == "f"}
    if len(kinds) != 1:
        raise UsageError("%s: expected one float dtype (float32 or float64), found %s"
                         % (path, sorted(kinds) or "none"))
    name = kinds.pop()
    if name not in PRECISIONS:
        raise UsageError("%s: float dtype %s is not float32 or float64" % (path, name))
    return name


def load_into(model, arrays, path, precision):
    """Casts the model to the precision and loads arrays strictly (names, shapes, dtypes)."""
    tdtype, ndtype = PRECISIONS[precision]
    model.to(tdtype)
    sd = {}
    for k, v in arrays.items():
        if k.endswith("num_batches_tracked"):
            if v.dtype.kind not in "iu":
                raise UsageError("%s: %s must be an integer array, got %s" % (path, k, v.dtype))
            v = v.astype(np.int64)
        elif v.dtype != ndtype:
            raise UsageError("%s: %s is %s, the run's precision is %s"
                             % (path, k, v.dtype, precision))
        sd[k] = torch.from_numpy(np.array(v, order="C"))  # keeps 0-d arrays 0-d
    want = model.state_dict()
    missing = [k for k in want if k not in sd]
    unexpected = [k for k in sd if k not in want]
    shapes = ["%s %s vs model %s" % (k, list(sd[k].shape), list(want[k].shape))
              for k in want if k in sd and tuple(sd[k].shape) != tuple(want[k].shape)
              and not (want[k].dim() == 0 and tuple(sd[k].shape) == (1,))]
    # (PyTorch's load_state_dict accepts shape [1] for a 0-d entry, e.g. num_batches_tracked)
    problems = []
    for what, items in (("missing key(s)", missing), ("unexpected key(s)", unexpected),
                        ("shape mismatch(es)", shapes)):
        if items:
            more = " (+%d more)" % (len(items) - 3) if len(items) > 3 else ""
            problems.append("%d %s: %s%s" % (len(items), what, ", ".join(items[:3]), more))
    if problems:
        raise UsageError("%s: does not fit the model: %s" % (path, "; ".join(problems)))
    try:
        model.load_state_dict(sd, strict=True)
    except RuntimeError as e:
        raise UsageError("%s: %s" % (path, one_line(e)))


def state_dict_numpy(model):
    return {k: v.detach().cpu().numpy().copy() for k, v in model.state_dict().items()}


# ----------------------------------------------------------------------------------------------
def cmd_run(args):
    d = args.dir
    if not os.path.isdir(d):
        raise UsageError("%s: not a directory" % d)
    spec = read_json(os.path.join(d, "spec.json"))
    if not isinstance(spec, dict):
        raise UsageError("spec.json: must be a JSON object")
    for k in ("model", "optimizer", "batchSize", "precision", "steps", "factors"):
        if k not in spec:
            raise UsageError("spec.json: missing field %r" % k)
    precision = spec["precision"]
    if precision not in PRECISIONS:
        raise UsageError("spec.json: precision must be float64 or float32, got %r" % precision)
    steps = int(spec["steps"])
    batch = int(spec["batchSize"])
    factors = [float(f) for f in spec["factors"]]
    if len(factors) != steps:
        raise UsageError("spec.json: %d factors for %d steps" % (len(factors), steps))
    threads = int(spec.get("threads") or 1)
    torch.set_num_threads(threads)
    torch.manual_seed(0)   # nothing random is drawn; set for tidiness
    tdtype, ndtype = PRECISIONS[precision]

    mspec = models.normalize_spec(spec["model"])
    model = models.build(mspec)
    init = load_npz(os.path.join(d, "init.npz"))
    load_into(model, init, os.path.join(d, "init.npz"), precision)

    b = load_npz(os.path.join(d, "batches.npz"))
    if "x" not in b or "y" not in b:
        raise UsageError("batches.npz: needs arrays x and y")
    x, y = b["x"], b["y"]
    want = (steps, batch, mspec["channels"])
    if x.ndim != 5 or tuple(x.shape[:3]) != want:
        raise UsageError("batches.npz: x has shape %s, expected [%d, %d, %d, H, W]"
                         % (list(x.shape), *want))
    if x.dtype != ndtype:
        raise UsageError("batches.npz: x is %s, the run's precision is %s" % (x.dtype, precision))
    if y.shape != (steps, batch) or y.dtype.kind not in "iu":
        raise UsageError("batches.npz: y must be integer [%d, %d], got %s %s"
                         % (steps, batch, y.dtype, list(y.shape)))
    if y.size and (y.min() < 0 or y.max() >= mspec["classes"]):
        raise UsageError("batches.npz: labels outside 0..%d" % (mspec["classes"] - 1))
    e = load_npz(os.path.join(d, "eval.npz"))
    if "x" not in e:
        raise UsageError("eval.npz: needs array x")
    ex = e["x"]
    if ex.ndim != 4 or ex.shape[1] != mspec["channels"] or ex.dtype != ndtype:
        raise UsageError("eval.npz: x must be %s [E, %d, H, W], got %s %s"
                         % (precision, mspec["channels"], ex.dtype, list(ex.shape)))

    opt = optimizers.make_for_model(spec["optimizer"], model, batch)
    xt = torch.from_numpy(np.ascontiguousarray(x))
    yt = torch.from_numpy(y.astype(np.int64))
    model.train()
    rows = []
    for k in range(steps):
        logits = model(xt[k])
        loss = F.cross_entropy(logits, yt[k])
        opt.zero_grad()
        loss.backward()
        opt.step(factors[k])
        rows.append("%d,%r" % (k + 1, float(loss.item())))
    with open(os.path.join(d, "torch.csv"), "w") as f:
        f.write("step,loss\n")
        f.write("".join(r + "\n" for r in rows))
    np.savez(os.path.join(d, "torch-final.npz"), **state_dict_numpy(model))
    model.eval()
    with torch.no_grad():
        out = model(torch.from_numpy(np.ascontiguousarray(ex)))
    np.savez(os.path.join(d, "torch-eval.npz"), logits=out.numpy())
    print("ok %d steps, final loss %r" % (steps, float(loss.item())) if steps else "ok 0 steps")


def _fmt(v):
    v = float(v)
    return repr(v) if v == v else "NaN"


def cmd_epochs(args):
    """The harness's run replayed: the same initial weights, the same batches built from the same
    dataset files by the stream (index, crop offsets, flip per image), the same schedule factor per
    epoch; after every epoch the test subset in eval mode. Train loss/error are sums over the
    epoch's batches (mean batch loss times its size) in train mode, before each step."""
    d = args.dir
    if not os.path.isdir(d):
        raise UsageError("%s: not a directory" % d)
    spec = read_json(os.path.join(d, "spec.json"))
    for k in ("model", "optimizer", "batchSize", "testBatchSize", "precision", "epochs",
              "steps", "factors", "dataset"):
        if k not in spec:
            raise UsageError("spec.json: missing field %r" % k)
    precision = spec["precision"]
    if precision not in PRECISIONS:
        raise UsageError("spec.json: precision must be float64 or float32, got %r" % precision)
    tdtype, ndtype = PRECISIONS[precision]
    epochs, steps = int(spec["epochs"]), int(spec["steps"])
    batch, test_batch = int(spec["batchSize"]), int(spec["testBatchSize"])
    factors = [float(f) for f in spec["factors"]]
    ds = spec["dataset"]
    torch.set_num_threads(int(args.threads or spec.get("threads") or 1))
    torch.manual_seed(0)   # nothing random is drawn; set for tidiness

    s = load_npz(os.path.join(d, "stream.npz"))
    need = ("epoch", "count", "factor", "index", "dy", "dx", "flip")
    missing = [k for k in need if k not in s]
    if missing:
        raise UsageError("stream.npz: lacks %s" % ", ".join(missing))
    count = s["count"].astype(np.int64)
    if len(count) != steps or len(s["epoch"]) != steps:
        raise UsageError("stream.npz: %d steps, spec.json says %d: a stream of another run"
                         % (len(count), steps))
    if int(count.sum()) != len(s["index"]) or len(s["dy"]) != len(s["index"]) \
            or len(s["dx"]) != len(s["index"]) or len(s["flip"]) != len(s["index"]):
        raise UsageError("stream.npz: per-image arrays do not hold sum(count) = %d entries"
                         % int(count.sum()))
    if count.max(initial=0) > batch or s["epoch"].max(initial=0) >= epochs:
        raise UsageError("stream.npz: batches larger than %d or epochs past %d: a stream of "
                         "another run" % (batch, epochs))
    try:
        (train_x, train_y), (test_x, test_y) = datasets.load(ds)
    except datasets.DataError as e:
        raise UsageError(str(e))
    if s["index"].size and (s["index"].min() < 0 or s["index"].max() >= len(train_x)):
        raise UsageError("stream.npz: image indices outside 0..%d: a stream of another run"
                         % (len(train_x) - 1))
    pad = int(ds.get("cropPad", 4)) if ds.get("augment", True) else 0
    lut = datasets.lookup(ds["mean"], ds["std"])

    mspec = models.normalize_spec(spec["model"])
    model = models.build(mspec)
    load_into(model, load_npz(os.path.join(d, "init.npz")), os.path.join(d, "init.npz"),
              precision)
    opt = optimizers.make_for_model(spec["optimizer"], model, batch)

    def tensor(x):
        return torch.from_numpy(x).to(tdtype)

    test_x_n = datasets.batch(test_x, lut, np.arange(len(test_x)), None, None, None, 0)
    # --dump-batches: what the harness fed must be what this replay builds, bit for bit
    dumped = load_npz(os.path.join(d, "batches.npz")) \
        if os.path.isfile(os.path.join(d, "batches.npz")) else None
    if dumped is not None:
        tset = load_npz(os.path.join(d, "testset.npz"))
        if not np.array_equal(tset["x"], test_x_n.astype(ndtype)) \
                or not np.array_equal(tset["y"], test_y):
            raise UsageError("testset.npz: differs from the test subset built from the dataset "
                             "files")
    rows = []
    at, k = 0, 0
    for e in range(epochs):
        f = factors[e]
        model.train()
        loss_sum, wrong, seen = 0.0, 0, 0
        while k < steps and int(s["epoch"][k]) == e:
            n = int(count[k])
            sl = slice(at, at + n)
            if float(s["factor"][k]) != f:
                raise UsageError("stream.npz: step %d has factor %r, spec.json's epoch %d has %r"
                                 % (k, float(s["factor"][k]), e, f))
            x = tensor(datasets.batch(train_x, lut, s["index"][sl], s["dy"][sl], s["dx"][sl],
                                      s["flip"][sl], pad))
            y = torch.from_numpy(train_y[s["index"][sl]])
            if dumped is not None and not (np.array_equal(dumped["x"][k], x.numpy())
                                           and np.array_equal(dumped["y"][k], y.numpy())):
                raise UsageError("batches.npz: step %d differs from the batch built from "
                                 "stream.npz and the dataset files" % k)
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            opt.zero_grad()
            loss.backward()
            opt.step(f)
            loss_sum += float(loss.item()) * n
            wrong += int((logits.detach().argmax(1) != y).sum())
            seen += n
            at += n
            k += 1
        model.eval()
        t_sum, t_wrong = 0.0, 0
        with torch.no_grad():
            for i in range(0, len(test_x_n), test_batch):
                x = tensor(test_x_n[i:i + test_batch])
                y = torch.from_numpy(test_y[i:i + test_batch])
                out = model(x)
                t_sum += float(F.cross_entropy(out, y).item()) * len(y)
                t_wrong += int((out.argmax(1) != y).sum())
        rows.append((e, f, loss_sum / seen, 100.0 * wrong / seen, t_sum / len(test_x_n),
                     100.0 * t_wrong / len(test_x_n)))
    if k != steps:
        raise UsageError("stream.npz: %d of its %d steps lie outside epochs 0..%d"
                         % (steps - k, steps, epochs - 1))
    prefix = args.prefix
    tmp = os.path.join(d, prefix + "-epochs.csv.tmp")
    with open(tmp, "w") as f:
        f.write("epoch,lr_factor,train_loss,train_error,test_loss,test_error\n")
        for r in rows:
            f.write("%d,%s\n" % (r[0], ",".join(_fmt(v) for v in r[1:])))
    np.savez(os.path.join(d, prefix + "-final.tmp.npz"), **state_dict_numpy(model))
    os.replace(os.path.join(d, prefix + "-final.tmp.npz"), os.path.join(d, prefix + "-final.npz"))
    os.replace(tmp, os.path.join(d, prefix + "-epochs.csv"))
    last = rows[-1]
    print("ok %d epochs, %d steps, final test error %s%%, test loss %s"
          % (epochs, steps, _fmt(last[5]), _fmt(last[4])))


def cmd_step(args):
    """Optimizer alone, for each DIR: DIR/optstep.json {optimizer, batchSize, precision, factors}
    and DIR/optstep-in.npz {w: weights, g: [N, *w.shape] mean-loss gradients}; writes
    DIR/optstep-out.npz {w: [N, *w.shape], the weights after each step}."""
    for d in args.dir:
        step_one(d)


def step_one(d):
    spec = read_json(os.path.join(d, "optstep.json"))
    for k in ("optimizer", "batchSize", "precision", "factors"):
        if k not in spec:
            raise UsageError("optstep.json: missing field %r" % k)
    if spec["precision"] not in PRECISIONS:
        raise UsageError("optstep.json: precision must be float64 or float32")
    tdtype, ndtype = PRECISIONS[spec["precision"]]
    torch.set_num_threads(1)
    arrays = load_npz(os.path.join(d, "optstep-in.npz"))
    if "w" not in arrays or "g" not in arrays:
        raise UsageError("optstep-in.npz: needs arrays w and g")
    w0, g = arrays["w"], arrays["g"]
    factors = [float(f) for f in spec["factors"]]
    if g.shape[1:] != w0.shape or g.shape[0] != len(factors) or w0.dtype != ndtype \
            or g.dtype != ndtype:
        raise UsageError("optstep-in.npz: w %s %s and g %s %s do not fit %d steps of %s"
                         % (w0.dtype, list(w0.shape), g.dtype, list(g.shape), len(factors),
                            spec["precision"]))
    p = torch.nn.Parameter(torch.from_numpy(np.array(w0)))
    opt = optimizers.make(spec["optimizer"], [p], int(spec["batchSize"]))
    out = []
    for k, f in enumerate(factors):
        p.grad = torch.from_numpy(np.array(g[k]))
        opt.step(f)
        out.append(p.detach().numpy().copy())
    np.savez(os.path.join(d, "optstep-out.npz"), w=np.stack(out))
    print("ok %d steps" % len(factors))


def cmd_keys(args):
    model = models.build(model_spec_arg(args.spec))
    out = [[k, list(v.shape), str(v.numpy().dtype)] for k, v in model.state_dict().items()]
    print(json.dumps(out))


def cmd_init_stats(args):
    spec = model_spec_arg(args.spec)
    torch.manual_seed(args.seed)
    model = models.build(spec)
    params = {k for k, _ in model.named_parameters()}
    stats = {}
    for k, v in model.state_dict().items():
        a = v.detach().to(torch.float64)
        stats[k] = {"kind": "parameter" if k in params else "buffer",
                    "shape": list(v.shape), "numel": int(a.numel()),
                    "mean": float(a.mean()), "std": float(a.std(unbiased=False)),
                    "min": float(a.min()), "max": float(a.max())}
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"seed": args.seed, "model": spec, "std": "population (ddof=0)",
                   "keys": stats}, f, indent=1)
    os.replace(tmp, args.out)
    print("ok %d keys -> %s" % (len(stats), args.out))


def cmd_load(args):
    spec = model_spec_arg(args.spec)
    arrays = load_npz(args.npz)
    precision = float_dtype_of(arrays, args.npz)
    model = models.build(spec)
    load_into(model, arrays, args.npz, precision)
    print("ok %d keys" % len(arrays))


def main(argv=None):
    p = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n")[0])
    p.add_argument("--verbose", action="store_true", help="print tracebacks on errors")
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="train N steps from DIR/{spec.json,init.npz,batches.npz,"
                                   "eval.npz}")
    r.add_argument("dir")
    ep = sub.add_parser("epochs", help="replay a whole run from DIR/{spec.json,init.npz,"
                                       "stream.npz} and the dataset files")
    ep.add_argument("dir")
    ep.add_argument("--threads", type=int, default=None,
                    help="torch intra-op threads (default: spec.json's)")
    ep.add_argument("--prefix", default="torch",
                    help="output names PREFIX-epochs.csv, PREFIX-final.npz (default torch)")
    k = sub.add_parser("keys", help="state_dict keys, shapes, dtypes of a model spec")
    k.add_argument("spec")
    i = sub.add_parser("init-stats", help="statistics of PyTorch's default init")
    i.add_argument("spec")
    i.add_argument("--seed", type=int, required=True)
    i.add_argument("--out", required=True)
    ld = sub.add_parser("load", help="strict load_state_dict of an npz")
    ld.add_argument("npz")
    ld.add_argument("spec")
    st = sub.add_parser("step", help="optimizer steps on given gradients (DIR/optstep.json, "
                                     "optstep-in.npz)")
    st.add_argument("dir", nargs="+")
    for sp in (r, ep, k, i, ld, st):
        sp.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS)
    args = p.parse_args(argv)
    try:
        {"run": cmd_run, "epochs": cmd_epochs, "keys": cmd_keys, "init-stats": cmd_init_stats,
         "load": cmd_load, "step": cmd_step}[args.cmd](args)
    except Exception as e:  # one line, exit 2
        if args.verbose:
            traceback.print_exc()
        msg = one_line(e) if isinstance(e, (UsageError, ValueError)) else \
            "%s: %s" % (type(e).__name__, one_line(e))
        print("%s: %s" % (PROG, msg), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
