#!/usr/bin/env bash
# Runs a sweep on one multi-GPU machine: one run per visible GPU at a time, each worker taking the
# runs whose index is its GPU number modulo the GPU count. Finished runs are skipped and partial
# ones resumed, so the script can simply be started again after an interruption.
#   scripts/sweep-local.sh [GRID] [SEEDS] [OUT]     (default: configs/paper/grid.yaml 1 results/paper)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
grid="${1:-configs/paper/grid.yaml}"
seeds="${2:-1}"
out="${3:-results/paper}"
if command -v nvidia-smi >/dev/null 2>&1; then
  gpus=$(nvidia-smi -L | wc -l)
else
  gpus=0
fi
if [[ $gpus -eq 0 ]]; then
  echo "sweep-local: no GPU visible; running the sweep on the CPU, one run at a time" >&2
  exec bin/adabayes sweep "$grid" --seeds "$seeds" --out "$out"
fi
runs=$(bin/adabayes sweep "$grid" --seeds "$seeds" --out "$out" --dry-run | tail -n 1 | cut -d' ' -f1)
echo "sweep-local: $runs runs on $gpus GPUs"
mkdir -p logs
pids=()
for ((g = 0; g < gpus; g++)); do
  (
    status=0
    for ((i = g; i < runs; i += gpus)); do
      CUDA_VISIBLE_DEVICES=$g bin/adabayes sweep "$grid" --seeds "$seeds" --out "$out" \
        --index "$i" --quiet >>"logs/sweep-gpu$g.log" 2>&1 || status=1
    done
    exit $status
  ) &
  pids+=($!)
done
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=1; done
echo "sweep-local: finished; logs in logs/sweep-gpu*.log"
exit $failed
