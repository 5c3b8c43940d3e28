#!/usr/bin/env bash
# Paired float32 runs: the harness and the PyTorch reference train the same run (same initial
# weights, same stream of batches, crops and flips) in float32 for K seeds; the reference trains
# it once more with one thread instead of two (the chaos baseline: PyTorch against itself).
# paired_summary.py then reports, per optimizer, the paired difference harness - PyTorch of the
# final and minimum test error and loss (mean +- SE over seeds) beside the baseline's.
#
#   scripts/parity/paired.sh CONFIG [--seeds 1-10] [--optimizers sgd,adam,...] [--epochs N]
#                            [--out DIR]
#     CONFIG        a run config (configs/parity/demo-run.yaml: the demo preset)
#     --seeds       a range A-B or a list 1,2,5 (default 1-10)
#     --optimizers  default sgd,adam,adamw,adabayes-fp,adabayes
#     --epochs      whole epochs (default: the config's schedule.epochs)
#     --out         default results/paired-latest; a finished pair is skipped, so a killed
#                   sweep resumes where it stopped (and more seeds can be added later); every
#                   invocation appends its command and versions to OUT/provenance.txt
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
python=${ADABAYES_PYTHON:-/usr/bin/python3}

usage() { sed -n '2,16p' "$0"; }
[[ $# -ge 1 ]] || { usage >&2; exit 2; }
[[ $1 == -h || $1 == --help ]] && { usage; exit 0; }
config=$1; shift
seeds=1-10
optimizers=sgd,adam,adamw,adabayes-fp,adabayes
epochs=()
out=results/paired-latest
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seeds) seeds=$2; shift 2 ;;
    --optimizers) optimizers=$2; shift 2 ;;
    --epochs) epochs=(--epochs "$2"); shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "paired.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ -f $config ]] || { echo "paired.sh: $config: no such config" >&2; exit 2; }
if [[ $seeds =~ ^([0-9]+)-([0-9]+)$ ]]; then
  seed_list=$(seq "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}")
elif [[ $seeds =~ ^[0-9]+(,[0-9]+)*$ ]]; then
  seed_list=${seeds//,/ }
else
  echo "paired.sh: --seeds: expected A-B or a comma list, got '$seeds'" >&2; exit 2
fi
if ! "$python" -c 'import torch, numpy' >/dev/null 2>&1; then
  echo "paired.sh: PyTorch not found for $python: apt-get install python3-torch python3-numpy" >&2
  exit 2
fi
if [[ ${#epochs[@]} -eq 0 ]]; then
  n=$(sed -n 's/.*epochs: *\([0-9]\+\).*/\1/p' "$config" | head -n 1)
  [[ -n $n ]] || { echo "paired.sh: $config: no schedule.epochs; pass --epochs" >&2; exit 2; }
  epochs=(--epochs "$n")
fi

mkdir -p "$out"
{
  echo "command: scripts/parity/paired.sh $config --seeds $seeds --optimizers $optimizers" \
    "${epochs[*]} --out $out"
  echo "checkout: $(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD \
    2>/dev/null || echo ' (uncommitted changes)')"
  bin/adabayes --version
  echo "reference: $("$python" -c 'import torch; print("PyTorch", torch.__version__)')"
  echo "started: $(date -u +%FT%TZ)"
  echo
} >>"$out/provenance.txt" 2>&1
start=$(date +%s)
for opt in ${optimizers//,/ }; do
  for s in $seed_list; do
    d=$out/$opt/seed-$s
    mkdir -p "$out/$opt"
    if [[ -f $d/torch-t1-epochs.csv && -f $d/parity-epochs.csv ]]; then
      continue
    fi
    echo "paired: $opt seed $s ($(( $(date +%s) - start )) s)"
    bin/adabayes parity "$config" "${epochs[@]}" --precision float32 --set "seed=$s" \
      --set "optimizer.name=$opt" --out "$d" >"$d.log" 2>&1 || {
        echo "paired.sh: $opt seed $s failed: $(tail -n 1 "$d.log")" >&2; exit 1; }
    "$python" "$d/reference/reference.py" epochs "$d" --threads 1 --prefix torch-t1 \
      >>"$d.log" 2>&1 || {
        echo "paired.sh: baseline $opt seed $s failed: $(tail -n 1 "$d.log")" >&2; exit 1; }
  done
done
"$python" scripts/parity/paired_summary.py "$out" >"$out/paired.md.tmp"
mv "$out/paired.md.tmp" "$out/paired.md"
cat "$out/paired.md"
echo "paired: done in $(( $(date +%s) - start )) s; $out/paired.md"
