"""kuangliu/pytorch-cifar networks (ResNet-18/34 BasicBlock, DenseNet-121 Bottleneck) for the
parity check, built from a spec dict:

    {"name": "resnet18"|"resnet34"|"densenet121", "width": 1.0, "growth": 32,
     "blocks": [6, 12, 24, 16], "classes": 10, "channels": 3}

Module names (hence state_dict keys) are kuangliu's: conv1, bn1, layer1..4.<i>.{conv1,bn1,conv2,
bn2,shortcut.0,shortcut.1}, linear; dense<b>.<i>.{bn1,conv1,bn2,conv2}, trans<b>.{bn,conv}, bn.
Extensions (not in kuangliu): a ResNet width multiplier (every channel count c becomes
max(1, floor(c*width + 0.5)), Java's Math.round), an input-channel count, and a DenseNet with any
number of blocks (final pool 32 >> (len(blocks)-1), i.e. 4 for four blocks). PyTorch default init,
BatchNorm2d momentum 0.1, eps 1e-5.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

RESNET_STAGES = {"resnet18": [2, 2, 2, 2], "resnet34": [3, 4, 6, 3]}
NAMES = ("resnet18", "resnet34", "densenet121")


def scaled(c, width):
    """Java's Math.max(1, Math.round(c * width)); Math.round(x) = floor(x + 0.5)."""
    return max(1, int(math.floor(c * width + 0.5)))


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, in_planes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, kernel_size=3, stride=stride, padding=1,
                               bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_planes != planes:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_planes, planes, kernel_size=1, stride=stride, bias=False),
                nn.BatchNorm2d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out = out + self.shortcut(x)
        return F.relu(out)


class ResNet(nn.Module):
    def __init__(self, stages, width=1.0, classes=10, channels=3):
        super().__init__()
        planes = [scaled(c, width) for c in (64, 128, 256, 512)]
        self.in_planes = planes[0]
        self.conv1 = nn.Conv2d(channels, planes[0], kernel_size=3, stride=1, padding=1,
                               bias=False)
        self.bn1 = nn.BatchNorm2d(planes[0])
        self.layer1 = self._make_layer(planes[0], stages[0], 1)
        self.layer2 = self._make_layer(planes[1], stages[1], 2)
        self.layer3 = self._make_layer(planes[2], stages[2], 2)
        self.layer4 = self._make_layer(planes[3], stages[3], 2)
        self.linear = nn.Linear(planes[3] * BasicBlock.expansion, classes)

    def _make_layer(self, planes, n, stride):
        layers = []
        for s in [stride] + [1] * (n - 1):
            layers.append(BasicBlock(self.in_planes, planes, s))
            self.in_planes = planes * BasicBlock.expansion
        return nn.Sequential(*layers)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.layer1(out)
        out = self.layer2(out)
        out = self.layer3(out)
        out = self.layer4(out)
        out = F.avg_pool2d(out, 4)
        out = out.view(out.size(0), -1)
        return self.linear(out)


class Bottleneck(nn.Module):
    def __init__(self, in_planes, growth):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(in_planes)
        self.conv1 = nn.Conv2d(in_planes, 4 * growth, kernel_size=1, bias=False)
        self.bn2 = nn.BatchNorm2d(4 * growth)
        self.conv2 = nn.Conv2d(4 * growth, growth, kernel_size=3, padding=1, bias=False)

    def forward(self, x):
        out = self.conv1(F.relu(self.bn1(x)))
        out = self.conv2(F.relu(self.bn2(out)))
        return torch.cat([out, x], 1)   # new channels first, as kuangliu


class Transition(nn.Module):
    def __init__(self, in_planes, out_planes):
        super().__init__()
        self.bn = nn.BatchNorm2d(in_planes)
        self.conv = nn.Conv2d(in_planes, out_planes, kernel_size=1, bias=False)

    def forward(self, x):
        out = self.conv(F.relu(self.bn(x)))
        return F.avg_pool2d(out, 2)


class DenseNet(nn.Module):
    def __init__(self, blocks, growth=32, reduction=0.5, classes=10, channels=3):
        super().__init__()
        if not blocks or len(blocks) > 6:
            raise ValueError("densenet blocks must be a list of 1 to 6 ints, got %r" % (blocks,))
        self.nblocks = len(blocks)
        self.pool = 32 >> (len(blocks) - 1)
        num_planes = 2 * growth
        self.conv1 = nn.Conv2d(channels, num_planes, kernel_size=3, padding=1, bias=False)
        for b, n in enumerate(blocks, start=1):
            layers = []
            for _ in range(n):
                layers.append(Bottleneck(num_planes, growth))
                num_planes += growth
            setattr(self, "dense%d" % b, nn.Sequential(*layers))
            if b < len(blocks):
                out_planes = int(math.floor(num_planes * reduction))
                setattr(self, "trans%d" % b, Transition(num_planes, out_planes))
                num_planes = out_planes
        self.bn = nn.BatchNorm2d(num_planes)
        self.linear = nn.Linear(num_planes, classes)

    def forward(self, x):
        out = self.conv1(x)
        for b in range(1, self.nblocks + 1):
            out = getattr(self, "dense%d" % b)(out)
            if b < self.nblocks:
                out = getattr(self, "trans%d" % b)(out)
        out = F.avg_pool2d(F.relu(self.bn(out)), self.pool)
        out = out.view(out.size(0), -1)
        return self.linear(out)


def normalize_spec(spec):
    """Validates a model spec and fills in defaults; raises ValueError with a one-line message."""
    if not isinstance(spec, dict):
        raise ValueError("model spec must be a JSON object, got %r" % (spec,))
    name = spec.get("name")
    if isinstance(name, str):
        name = name.lower()
    spec = dict(spec, name=name)
    name = spec.get("name")
    if name not in NAMES:
        raise ValueError("model name must be one of %s, got %r" % ("|".join(NAMES), name))
    spec = {k: v for k, v in spec.items() if v is not None}   # JSON nulls mean "default"
    known = {"name", "width", "growth", "blocks", "classes", "channels"}
    extra = sorted(set(spec) - known)
    if extra:
        raise ValueError("unknown model spec field(s): %s" % ", ".join(extra))
    out = {"name": name,
           "width": float(spec.get("width", 1.0)),
           "growth": int(spec.get("growth", 32)),
           "blocks": [int(b) for b in spec.get("blocks", [6, 12, 24, 16])],
           "classes": int(spec.get("classes", 10)),
           "channels": int(spec.get("channels", 3))}
    if out["width"] <= 0 or out["growth"] <= 0 or out["classes"] <= 0 or out["channels"] <= 0:
        raise ValueError("width, growth, classes and channels must be positive: %r" % (spec,))
    if any(b <= 0 for b in out["blocks"]):
        raise ValueError("densenet blocks must be positive: %r" % (out["blocks"],))
    return out


def build(spec):
    s = normalize_spec(spec)
    if s["name"] in RESNET_STAGES:
        return ResNet(RESNET_STAGES[s["name"]], s["width"], s["classes"], s["channels"])
    return DenseNet(s["blocks"], s["growth"], 0.5, s["classes"], s["channels"])


def paper_model(spec):
    """The paper model whose protocol defaults apply (the harness's ModelSpec.paperModel())."""
    return "densenet121" if spec["name"] == "densenet121" else "resnet34"


def count_params(model):
    return sum(p.numel() for p in model.parameters())
