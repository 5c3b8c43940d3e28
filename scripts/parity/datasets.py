"""The harness's datasets and batches, read and built independently of the Java code, for the
whole-run replay (`reference.py epochs DIR`).

Readers take the very files the harness read (spec.json's dataset.files, each with its MD5) and
return uint8 images [N, C, H, W] and int64 labels:
  cifar10 / cifar100: the binary distribution, extracted folder or .tar.gz (CIFAR-100: fine label)
  fashion-mnist:      Debian's idx .gz files, 28x28 zero-padded by 2 pixels to 32x32
A batch is built from the stream (index, dy, dx, flip per image): the raw image zero-padded by
cropPad pixels, the window at (cropPad + dy, cropPad + dx) cut out, flipped left-right when flip is
1, then every raw value v mapped through the float32 table (v/255 - mean[c]) / std[c], every
operation in float32 as the harness's Normalization.lookup().
"""
import gzip
import hashlib
import os
import struct
import tarfile

import numpy as np

CIFAR = {
    "cifar10": {"label_bytes": 1, "train": ["data_batch_%d.bin" % i for i in range(1, 6)],
                "test": ["test_batch.bin"]},
    "cifar100": {"label_bytes": 2, "train": ["train.bin"], "test": ["test.bin"]},
}
PIXELS = 3 * 32 * 32
FASHION_PAD = 2


class DataError(ValueError):
    pass


def md5(path):
    h = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def verified(files):
    """The files of spec.json's dataset.files, each checked against the MD5 the harness saw."""
    for path, digest in files.items():
        if not os.path.isfile(path):
            raise DataError("%s: missing (the harness read it for this run)" % path)
        want = digest.split(":", 1)[-1]
        got = md5(path)
        if got != want:
            raise DataError("%s: MD5 %s, the harness read %s: not the same data" % (path, got,
                                                                                   want))
    return list(files)


def _cifar_records(blob, label_bytes, where):
    size = label_bytes + PIXELS
    if len(blob) % size:
        raise DataError("%s: %d bytes is not a whole number of %d-byte records"
                        % (where, len(blob), size))
    rec = np.frombuffer(blob, np.uint8).reshape(-1, size)
    labels = rec[:, label_bytes - 1].astype(np.int64)     # CIFAR-100: the fine label
    return rec[:, label_bytes:].reshape(-1, 3, 32, 32), labels


def read_cifar(fmt, paths):
    layout = CIFAR[fmt]
    blobs = {}
    for p in paths:
        if p.endswith(".tar.gz") or p.endswith(".tgz"):
            wanted = set(layout["train"] + layout["test"])
            with tarfile.open(p, "r:gz") as tar:
                for m in tar.getmembers():
                    name = os.path.basename(m.name)
                    if m.isfile() and name in wanted:
                        blobs[name] = tar.extractfile(m).read()
        else:
            with open(p, "rb") as f:
                blobs[os.path.basename(p)] = f.read()
    out = []
    for split in ("train", "test"):
        xs, ys = [], []
        for name in layout[split]:
            if name not in blobs:
                raise DataError("%s: not among the dataset files %s" % (name, paths))
            x, y = _cifar_records(blobs[name], layout["label_bytes"], name)
            xs.append(x)
            ys.append(y)
        out.append((np.concatenate(xs), np.concatenate(ys)))
    return out


def _idx(path_img, path_lbl):
    with gzip.open(path_img, "rb") as f:
        img = f.read()
    with gzip.open(path_lbl, "rb") as f:
        lbl = f.read()
    magic, n, rows, cols = struct.unpack(">IIII", img[:16])
    lmagic, nl = struct.unpack(">II", lbl[:8])
    if magic != 0x803 or lmagic != 0x801 or nl != n or len(img) != 16 + n * rows * cols:
        raise DataError("%s: not a matching idx image/label pair" % path_img)
    x = np.frombuffer(img, np.uint8, offset=16).reshape(n, rows, cols)
    padded = np.zeros((n, 1, rows + 2 * FASHION_PAD, cols + 2 * FASHION_PAD), np.uint8)
    padded[:, 0, FASHION_PAD:FASHION_PAD + rows, FASHION_PAD:FASHION_PAD + cols] = x
    return padded, np.frombuffer(lbl, np.uint8, offset=8).astype(np.int64)


def read_fashion(paths):
    by_name = {os.path.basename(p): p for p in paths}
    out = []
    for prefix in ("train", "t10k"):
        img = by_name.get(prefix + "-images-idx3-ubyte.gz")
        lbl = by_name.get(prefix + "-labels-idx1-ubyte.gz")
        if img is None or lbl is None:
            raise DataError("Fashion-MNIST %s files not among %s" % (prefix, paths))
        out.append(_idx(img, lbl))
    return out


def load(ds):
    """(train_x, train_y), (test_x, test_y) of spec.json's dataset, subsets applied."""
    paths = verified(ds["files"])
    fmt = ds["format"]
    if fmt in CIFAR:
        (tx, ty), (vx, vy) = read_cifar(fmt, paths)
    elif fmt == "fashion-mnist":
        (tx, ty), (vx, vy) = read_fashion(paths)
    else:
        raise DataError("dataset format %r is not cifar10, cifar100 or fashion-mnist" % fmt)
    n, m = int(ds["trainImages"]), int(ds["testImages"])
    if n > len(tx) or m > len(vx):
        raise DataError("the dataset files hold %d/%d images, the run used %d/%d"
                        % (len(tx), len(vx), n, m))
    return (tx[:n], ty[:n]), (vx[:m], vy[:m])


def lookup(mean, std):
    """[C, 256] float32: (v / 255f - mean) / std, each operation in float32."""
    v = np.arange(256, dtype=np.float32)
    rows = [(v / np.float32(255) - np.float32(mu)) / np.float32(sd) for mu, sd in zip(mean, std)]
    return np.stack(rows).astype(np.float32)


def batch(images, lut, index, dy, dx, flip, pad):
    """The normalised float32 batch [n, C, H, W] for images[index] with the given crops/flips."""
    raw = images[index]                                   # n, C, H, W uint8
    n, c, h, w = raw.shape
    if pad:
        padded = np.zeros((n, c, h + 2 * pad, w + 2 * pad), np.uint8)
        padded[:, :, pad:pad + h, pad:pad + w] = raw
        out = np.empty_like(raw)
        for i in range(n):
            y0, x0 = pad + int(dy[i]), pad + int(dx[i])
            window = padded[i, :, y0:y0 + h, x0:x0 + w]
            out[i] = window[:, :, ::-1] if flip[i] else window
        raw = out
    normed = np.empty(raw.shape, np.float32)
    for ch in range(c):
        normed[:, ch] = lut[ch][raw[:, ch]]
    return normed
