#!/usr/bin/env bash
# Reproduces Table 1, Fig. 4 and Fig. A5 of the paper on this machine's GPUs: runs the 36-run grid
# (x the seeds given), then writes the table beside the paper's numbers and the figures.
#   scripts/reproduce-paper.sh [SEEDS] [OUT]      (default: 1 results/paper)
# Needs data/cifar10 and data/cifar100 (the binary archives or their extracted folders) and the
# CUDA build (mvn -Pcuda package -DskipTests); on a cluster use scripts/slurm/sweep.sbatch instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seeds="${1:-1}"
out="${2:-results/paper}"
status=0
scripts/sweep-local.sh configs/paper/grid.yaml "$seeds" "$out" || status=$?
bin/adabayes table "$out" --out "$out/table1.md"
bin/adabayes table "$out" --format latex --out "$out/table1.tex"
bin/adabayes plot "$out" --out "$out/figures"
cat "$out/table1.md"
exit $status
