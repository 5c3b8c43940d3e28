"""Final and minimum test error of the demo preset, harness against the PyTorch reference.

Reads OUT/harness/fashion-mnist-resnet18@0.125/<optimizer>/seed-<n>/epochs.csv (the harness's
sweep) and OUT/torch/<optimizer>-seed<n>.csv (train_demo.py), and prints a Markdown table of
mean +- sample std over seeds, writing it to OUT/compare.md too.
"""
import csv
import glob
import os
import statistics
import sys

NAMES = {"sgd": "SGD", "adam": "Adam", "adamw": "AdamW", "adabayes-fp": "AdaBayes-FP",
         "adabayes": "AdaBayes"}


def errors(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    e = [float(r["test_error"]) for r in rows]
    return e[-1], min(e)


def cell(values):
    if not values:
        return "-"
    if len(values) == 1:
        return "%.2f (n=1)" % values[0]
    return "%.2f ± %.2f (n=%d)" % (statistics.mean(values), statistics.stdev(values),
                                   len(values))


def main(out):
    lines = ["| Optimizer | harness final | PyTorch final | harness min | PyTorch min |",
             "|---|---|---|---|---|"]
    for o, name in NAMES.items():
        h = [errors(p) for p in sorted(glob.glob(
            os.path.join(out, "harness", "fashion-mnist-resnet18@0.125", o, "seed-*",
                         "epochs.csv")))]
        t = [errors(p) for p in sorted(glob.glob(os.path.join(out, "torch", o + "-seed*.csv")))]
        if not h and not t:
            continue
        lines.append("| %s | %s | %s | %s | %s |" % (
            name, cell([x[0] for x in h]), cell([x[0] for x in t]),
            cell([x[1] for x in h]), cell([x[1] for x in t])))
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "compare.md"), "w") as f:
        f.write("Test error (%) of the demo preset (Fashion-MNIST, ResNet-18 at 1/8 width, "
                "12,800 training and 2,000 test images, 4 epochs, x0.1 from epoch 3), mean ± "
                "sample std over seeds.\n\n" + text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "results/parity-demo")
