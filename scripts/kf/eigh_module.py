"""Writes the TorchScript module AdaBayes-KF uses for its eigendecompositions (torch.linalg.eigh,
LAPACK on the CPU, cuSOLVER on a GPU), which DJL 0.32's JNI does not expose. Run with Debian's
PyTorch; the output is committed as src/main/resources/org/adabayes/optim/eigh.pt, so training
never needs Python:

    /usr/bin/python3 scripts/kf/eigh_module.py src/main/resources/org/adabayes/optim/eigh.pt
"""
import sys

import torch


class Eigh(torch.nn.Module):
    def forward(self, a: torch.Tensor):
        values, vectors = torch.linalg.eigh(a)
        return values, vectors


if __name__ == "__main__":
    torch.jit.script(Eigh()).save(sys.argv[1])
    print("wrote %s (torch %s)" % (sys.argv[1], torch.__version__))
