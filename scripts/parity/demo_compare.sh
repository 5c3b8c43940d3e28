#!/usr/bin/env bash
# The run-level parity check: the demo preset (Fashion-MNIST, ResNet-18 at 1/8 width, 4 epochs)
# trained by the harness and by the PyTorch reference (train_demo.py) with the same data subset,
# preprocessing and protocol, 3 seeds each for the demo's five optimizers, then final and minimum
# test error side by side (compare_demo.py). A report, not a test: about 40 minutes on 2 cores.
#
#   scripts/parity/demo_compare.sh [OUT]     (default results/parity-demo)
#   SEEDS="1 2 3" OPTIMIZERS="sgd adabayes" scripts/parity/demo_compare.sh   (a subset)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="${1:-results/parity-demo}"
python="${ADABAYES_PYTHON:-/usr/bin/python3}"
read -r -a seeds <<<"${SEEDS:-1 2 3}"
read -r -a optimizers <<<"${OPTIMIZERS:-sgd adam adamw adabayes-fp adabayes}"
for o in "${optimizers[@]}"; do
  bin/adabayes sweep configs/cpu/fashion-resnet18.yaml --seeds "$(IFS=,; echo "${seeds[*]}")" \
    --only "optimizer.name=$o" --out "$out/harness" --quiet
done
mkdir -p "$out/torch"
for s in "${seeds[@]}"; do
  for o in "${optimizers[@]}"; do
    csv="$out/torch/$o-seed$s.csv"
    [[ -f $csv ]] || "$python" scripts/parity/train_demo.py --optimizer "$o" --seed "$s" \
      --threads 2 --out "$csv"
  done
done
"$python" scripts/parity/compare_demo.py "$out"
