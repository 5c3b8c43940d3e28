#!/usr/bin/env bash
# The README's main command. On a fresh machine: builds the harness if needed, uses real
# Fashion-MNIST from Debian's dataset-fashion-mnist (installing it when it can, else falling back
# to generated CIFAR-format data and saying so), trains SGD, Adam, AdamW, AdaBayes-FP and AdaBayes
# on a CPU preset (ResNet-18 at 1/8 width), then writes the Table 1-style summary and the figures.
#
#   scripts/demo.sh [--out DIR] [--quick]
#     --out DIR   where the runs, table and figures go (default results/demo-latest)
#     --quick     2 batches per epoch: checks the whole pipeline in about a minute (used by tests)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out=""
quick=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "demo.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z "$out" ]]; then
  if [[ $quick -eq 1 ]]; then out=results/demo-quick; else out=results/demo-latest; fi
fi

fmnist=/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz
if [[ ! -f $fmnist ]] && command -v apt-get >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]]; then
    echo "demo: installing Debian's dataset-fashion-mnist ..."
    apt-get install -y -qq dataset-fashion-mnist >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq dataset-fashion-mnist >/dev/null 2>&1; } \
      || true
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "demo: installing Debian's dataset-fashion-mnist (sudo) ..."
    sudo apt-get install -y -qq dataset-fashion-mnist >/dev/null 2>&1 || true
  fi
fi
if [[ -f $fmnist ]]; then
  grid=configs/cpu/fashion-resnet18.yaml
  echo "demo: Fashion-MNIST from $(dirname "$fmnist")"
else
  grid=configs/cpu/synthetic-resnet18.yaml
  echo "demo: Fashion-MNIST is not installed and could not be installed here;"
  echo "      falling back to generated CIFAR-format data ($grid)"
fi

extra=()
[[ $quick -eq 1 ]] && extra=(--max-batches 2)
start=$(date +%s)
bin/adabayes sweep "$grid" --out "$out" "${extra[@]}"
bin/adabayes table "$out" --out "$out/table1.md"
bin/adabayes table "$out" --format csv --out "$out/table1.csv"
bin/adabayes plot "$out" --out "$out/figures"
echo
cat "$out/table1.md"
echo
echo "demo: done in $(( $(date +%s) - start )) s. Runs: $out/<dataset>-<model>/<optimizer>/seed-1/"
echo "demo: table: $out/table1.md ($out/table1.csv); figures: $out/figures/fig4-test.png, figA5-train.png"
