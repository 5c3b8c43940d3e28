#!/usr/bin/python3
"""The harness's demo preset (configs/cpu/fashion-resnet18.yaml) trained in PyTorch, for a
run-level comparison with the Java harness over a few seeds.

  /usr/bin/python3 scripts/parity/train_demo.py --optimizer NAME --seed S --out FILE.csv
                                                [--threads 2] [--max-batches N]

Fashion-MNIST from Debian's dataset-fashion-mnist idx files, 28x28 zero-padded by 2 pixels to
32x32 (raw pixel 0, FashionMnistReader), normalised with a float32 lookup table
(v/255f - 0.2860f)/0.3530f (Normalization.lookup()), the first 12,800 training and first 2,000
test images; ResNet-18 at width 0.125, 1 channel, 10 classes, PyTorch default init
(torch.manual_seed(seed)); batch 128 shuffled every epoch, test batch 100; 4 epochs with lr factor
1 for epochs 0-2 and 0.1 for epoch 3; per image a random 32x32 crop of the image padded by 4
pixels with the normalised value of raw pixel 0, then a random horizontal flip (BatchAugmenter:
offsets uniform in -4..4, flip with probability 1/2). Optimizer hyper-parameters: the protocol's
defaults for ResNet-34 (the preset's paper model), sigma2 = 0.1/128 for the AdaBayes pair.
The random streams (numpy default_rng(seed)) do not match Java's.

Output CSV: epoch,lr_factor,train_loss,train_error,test_loss,test_error (errors in %); train
loss/error are over the epoch's training batches in train mode (batch-size weighted means of the
batch-mean losses), test loss/error in eval mode. A non-finite training loss writes a NaN row and
stops, as the harness does.
"""
import argparse
import gzip
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import models  # noqa: E402
import optimizers  # noqa: E402

DEBIAN_DIR = "/usr/share/datasets/fashion-mnist"
PAD = 2          # 28 -> 32
CROP_PAD = 4
MEAN, STD = 0.2860, 0.3530
PRESET = {"model": {"name": "resnet18", "width": 0.125, "classes": 10, "channels": 1},
          "train_subset": 12800, "test_subset": 2000, "batch": 128, "test_batch": 100,
          "epochs": 4, "decay_epochs": [3], "decay_factor": 0.1}


def read_idx(d, prefix):
    with gzip.open(os.path.join(d, prefix + "-images-idx3-ubyte.gz"), "rb") as f:
        img = f.read()
    with gzip.open(os.path.join(d, prefix + "-labels-idx1-ubyte.gz"), "rb") as f:
        lbl = f.read()
    magic, n, rows, cols = struct.unpack(">IIII", img[:16])
    lmagic, nl = struct.unpack(">II", lbl[:8])
    if magic != 0x803 or lmagic != 0x801 or nl != n or len(img) != 16 + n * rows * cols:
        raise ValueError("%s/%s: bad idx files" % (d, prefix))
    x = np.frombuffer(img, np.uint8, offset=16).reshape(n, rows, cols)
    padded = np.zeros((n, 1, rows + 2 * PAD, cols + 2 * PAD), np.uint8)
    padded[:, 0, PAD:PAD + rows, PAD:PAD + cols] = x
    return padded, np.frombuffer(lbl, np.uint8, offset=8).astype(np.int64)


def lookup():
    """Normalization.lookup(): (v / 255f - mean) / std, every operation in float32."""
    v = np.arange(256, dtype=np.float32)
    return ((v / np.float32(255) - np.float32(MEAN)) / np.float32(STD)).astype(np.float32)


def factor(epoch):
    f = 1.0
    for e in PRESET["decay_epochs"]:
        if epoch >= e:
            f *= PRESET["decay_factor"]
    return f


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--optimizer", required=True, choices=optimizers.NAMES)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--data-dir", default=DEBIAN_DIR)
    ap.add_argument("--max-batches", type=int, default=0, help="batches per epoch (smoke test)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    try:
        tr_px, tr_y = read_idx(a.data_dir, "train")
        te_px, te_y = read_idx(a.data_dir, "t10k")
    except (OSError, ValueError) as e:
        print("train_demo.py: Fashion-MNIST: %s (apt-get install dataset-fashion-mnist)" % e,
              file=sys.stderr)
        return 2
    tr_px, tr_y = tr_px[:PRESET["train_subset"]], tr_y[:PRESET["train_subset"]]
    te_px, te_y = te_px[:PRESET["test_subset"]], te_y[:PRESET["test_subset"]]
    lut = lookup()
    train = lut[tr_px]                                   # (N, 1, 32, 32) float32
    n, c, h, w = train.shape
    padded = np.full((n, c, h + 2 * CROP_PAD, w + 2 * CROP_PAD), lut[0], np.float32)
    padded[:, :, CROP_PAD:CROP_PAD + h, CROP_PAD:CROP_PAD + w] = train
    test = torch.from_numpy(lut[te_px])
    test_y = torch.from_numpy(te_y)

    torch.manual_seed(a.seed)
    model = models.build(PRESET["model"])
    bs = PRESET["batch"]
    spec = optimizers.resolve(a.optimizer, models.paper_model(PRESET["model"]), bs)
    opt = optimizers.make(spec, model.parameters(), bs)
    rng = np.random.default_rng(a.seed)
    ar_h, ar_w = np.arange(h), np.arange(w)
    rows_out = []
    header = "epoch,lr_factor,train_loss,train_error,test_loss,test_error\n"
    for epoch in range(PRESET["epochs"]):
        t0 = time.time()
        f = factor(epoch)
        order = rng.permutation(n)
        batches = (n + bs - 1) // bs
        if a.max_batches > 0:
            batches = min(batches, a.max_batches)
        model.train()
        loss_sum, wrong, seen, diverged = 0.0, 0, 0, False
        for b in range(batches):
            idx = order[b * bs:(b + 1) * bs]
            k = len(idx)
            oy = rng.integers(-CROP_PAD, CROP_PAD + 1, size=k)
            ox = rng.integers(-CROP_PAD, CROP_PAD + 1, size=k)
            flip = rng.random(k) < 0.5
            rows = CROP_PAD + oy[:, None] + ar_h[None, :]                       # (k, h)
            cols = CROP_PAD + ox[:, None] + np.where(flip[:, None], w - 1 - ar_w[None, :],
                                                     ar_w[None, :])             # (k, w)
            xb = padded[idx[:, None, None, None], np.arange(c)[None, :, None, None],
                        rows[:, None, :, None], cols[:, None, None, :]]
            x = torch.from_numpy(np.ascontiguousarray(xb))
            y = torch.from_numpy(tr_y[idx])
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            if not torch.isfinite(loss):
                diverged = True
                break
            opt.zero_grad()
            loss.backward()
            opt.step(f)
            loss_sum += loss.item() * k
            wrong += int((logits.argmax(1) != y).sum())
            seen += k
        if diverged:
            rows_out.append("%d,%r,nan,nan,nan,nan" % (epoch, f))
            print("epoch %d: non-finite training loss; stopped" % epoch, file=sys.stderr)
            break
        model.eval()
        tl, tw = 0.0, 0
        tb = PRESET["test_batch"]
        with torch.no_grad():
            for s in range(0, len(test), tb):
                lo = model(test[s:s + tb])
                yy = test_y[s:s + tb]
                tl += F.cross_entropy(lo, yy).item() * len(yy)
                tw += int((lo.argmax(1) != yy).sum())
        row = (epoch, f, loss_sum / seen, 100.0 * wrong / seen, tl / len(test),
               100.0 * tw / len(test))
        rows_out.append("%d,%r,%r,%r,%r,%r" % row)
        print("epoch %d/%d lr x%g  train loss %.4f err %.2f%%  test loss %.4f err %.2f%%  %.1fs"
              % (epoch + 1, PRESET["epochs"], f, row[2], row[3], row[4], row[5],
                 time.time() - t0), file=sys.stderr)
        with open(a.out + ".tmp", "w") as fh:
            fh.write(header + "".join(r + "\n" for r in rows_out))
        os.replace(a.out + ".tmp", a.out)
    with open(a.out + ".tmp", "w") as fh:
        fh.write(header + "".join(r + "\n" for r in rows_out))
    os.replace(a.out + ".tmp", a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
