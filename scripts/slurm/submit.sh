#!/usr/bin/env bash
# Submits a sweep to Slurm as one array task per run: counts the runs, sizes the array, creates
# the log folder, and calls sbatch on scripts/slurm/sweep.sbatch. Other options go to sbatch as
# they are (they override the script's #SBATCH lines):
#   scripts/slurm/submit.sh --gres=gpu:1                                  # paper grid, seed 1, GPU
#   scripts/slurm/submit.sh --seeds 1,2,3 --partition=gpu --gres=gpu:1 --time=2-00:00:00
#   scripts/slurm/submit.sh --grid g.yaml --partition=cpu --cpus-per-task=16 --mem=16G
#   scripts/slurm/submit.sh --print ...                          # show the sbatch call only
# --grid FILE (default configs/paper/grid.yaml), --seeds LIST (default: the grid's, else 1),
# --out DIR (default results/paper), --logs DIR (default logs): relative to the current folder.
# Prints sbatch's answer on stdout (the job id with --parsable), everything else on stderr.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
me="submit"
grid="configs/paper/grid.yaml"
seeds=""
out="results/paper"
logs="logs"
print=""
sbatch_opts=()
while (($#)); do
  case "$1" in
    --grid | --seeds | --out | --logs)
      (($# >= 2)) || { echo "$me: $1 needs a value" >&2; exit 2; }
      declare "${1#--}=$2"
      shift 2
      ;;
    --grid=* | --seeds=* | --out=* | --logs=*)
      v="${1#--}"
      declare "${v%%=*}=${v#*=}"
      shift
      ;;
    --print) print=1; shift ;;
    -h | --help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) sbatch_opts+=("$1"); shift ;;
  esac
done
abs() { [[ $1 == /* ]] && echo "$1" || echo "$PWD/$1"; }
grid=$(abs "$grid")
out=$(abs "$out")
logs=$(abs "$logs")
[[ -f $grid ]] || { echo "$me: --grid $grid: no such file" >&2; exit 2; }
seed_opt=()
[[ -n $seeds ]] && seed_opt=(--seeds "$seeds")
# counting the runs also builds the jar once, before the array tasks start
listing=$("$root/bin/adabayes" sweep "$grid" "${seed_opt[@]}" --out "$out" --dry-run)
n=$(tail -n 1 <<<"$listing")
n=${n%% *}
[[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || { echo "$me: $grid: no runs" >&2; exit 2; }
cmd=(sbatch --array="0-$((n - 1))" --output="$logs/%x-%A_%a.out" "${sbatch_opts[@]}"
  "$root/scripts/slurm/sweep.sbatch")
echo "$me: $n runs of $grid -> $out; logs in $logs" >&2
echo "$me: GRID=$grid${seeds:+ SEEDS=$seeds} OUT=$out ${cmd[*]}" >&2
[[ -n $print ]] && exit 0
mkdir -p "$logs"
# the job gets this environment (sbatch --export=ALL) with the sweep settings added, and runs in
# the current folder
GRID="$grid" SEEDS="$seeds" OUT="$out" ADABAYES_HOME="$root" "${cmd[@]}"
