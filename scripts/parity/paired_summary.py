#!/usr/bin/python3
"""Summary of scripts/parity/paired.sh: per optimizer, over the seeds, the paired difference
harness - PyTorch (2 threads) of the final and the minimum test error (%) and test loss, mean +- SE,
beside the chaos baseline PyTorch (1 thread) - PyTorch (2 threads) on the same init and stream.

  /usr/bin/python3 scripts/parity/paired_summary.py DIR      (DIR/OPTIMIZER/seed-S/*.csv)

The harness holds where its mean difference is within 2 SE of zero and the spread (standard
deviation over seeds) of its differences is no wider than the baseline's; where it does not, the
harness - PyTorch (1 thread) column says whether it is as far from the 2-thread run as PyTorch's
own 1-thread run is. Only the standard library is used.
"""
import csv
import math
import os
import sys

METRICS = (("final test error", "test_error", "final"), ("min test error", "test_error", "min"),
           ("final test loss", "test_loss", "final"), ("min test loss", "test_loss", "min"))


def read(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def value(rows, column, how):
    v = [float(r[column]) for r in rows]
    return v[-1] if how == "final" else min(v)


def stats(d):
    n = len(d)
    mean = sum(d) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in d) / (n - 1)) if n > 1 else float("nan")
    return mean, sd, sd / math.sqrt(n) if n > 1 else float("nan")


def verdict(dh, db, d1):
    """The issue's rule against the 2-thread run, and where it fails, whether the harness is as
    far from that run as PyTorch's own 1-thread run is (harness - 1-thread within 2 SE of 0)."""
    mh, sh, eh = stats(dh)
    _, sb, _ = stats(db)
    m1, _, e1 = stats(d1)
    if abs(mh) <= 2 * eh:
        return "yes" if sh <= sb else "spread"
    return "no, as the baseline" if abs(m1) <= 2 * e1 else "**no**"


def main(out):
    lines = ["| optimizer | metric | n | harness - PyTorch | sd | PyTorch 1t - 2t (baseline) | "
             "sd | harness - PyTorch 1t | holds |", "|---|---|---|---|---|---|---|---|---|"]
    for opt in sorted(os.listdir(out)):
        base = os.path.join(out, opt)
        if not os.path.isdir(base):
            continue
        seeds = sorted(s for s in os.listdir(base)
                       if os.path.isfile(os.path.join(base, s, "torch-t1-epochs.csv")))
        if not seeds:
            continue
        runs = [{k: read(os.path.join(base, s, k + "-epochs.csv"))
                 for k in ("harness", "torch", "torch-t1")} for s in seeds]
        for label, column, how in METRICS:
            h = [value(r["harness"], column, how) for r in runs]
            t2 = [value(r["torch"], column, how) for r in runs]
            t1 = [value(r["torch-t1"], column, how) for r in runs]
            dh = [a - b for a, b in zip(h, t2)]
            db = [a - b for a, b in zip(t1, t2)]
            d1 = [a - b for a, b in zip(h, t1)]
            (mh, sh, eh), (mb, sb, eb), (m1, _, e1) = stats(dh), stats(db), stats(d1)
            unit = "" if "loss" in label else " pts"
            fmt = "%.4f" if "loss" in label else "%.2f"
            lines.append("| %s | %s | %d | %s +- %s%s | %s | %s +- %s%s | %s | %s +- %s%s | %s |"
                         % (opt, label, len(dh), fmt % mh, fmt % eh, unit, fmt % sh, fmt % mb,
                            fmt % eb, unit, fmt % sb, fmt % m1, fmt % e1, unit,
                            verdict(dh, db, d1)))
    print("\n".join(lines))
    print()
    print("Means +- SE over seeds; sd: standard deviation of the paired differences. PyTorch is "
          "the reference with 2 threads, the baseline the same reference with 1 thread on the "
          "same init and stream. holds: yes = |mean| <= 2 SE and sd <= the baseline's sd; "
          "spread = mean within 2 SE, sd wider; 'no, as the baseline' = the mean is off the "
          "2-thread run by more than 2 SE but the harness is within 2 SE of the 1-thread run, "
          "i.e. as far from the 2-thread run as PyTorch itself; **no** = neither.")


if __name__ == "__main__":
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        print("usage: paired_summary.py DIR", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
