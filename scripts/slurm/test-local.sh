#!/usr/bin/env bash
# The Slurm path, end to end, on a one-node cluster on this machine (local-cluster.sh; started
# here when it is not running, and stopped again afterwards). Passes (exit 0) only if:
#   - a 4-run grid (two optimizers x two seeds, tiny synthetic runs) submitted as an array through
#     submit.sh and sweep.sbatch finishes with every task COMPLETED, exit 0;
#   - task 0, requeued with `scontrol requeue` (TERM) once its run has written an epoch, was
#     restarted and resumed its run, and task 2, sent USR1 as before a time limit, exited 138,
#     requeued itself and resumed too;
#   - every run directory equals that of a local `adabayes sweep` of the same grid: epochs.csv
#     without its timing columns, checkpoint.bin byte for byte, config.yaml;
#   - `adabayes table` reads the Slurm results.
#   scripts/slurm/test-local.sh [--keep]      (--keep: leave the work folder, printed at the end)
# Exit 77 when Slurm cannot be installed or started here (the test suite then skips, or under CI
# fails). Runs use one thread each (OMP_NUM_THREADS=1 unless set): two tasks share two cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/scripts/slurm"
me="test-local"
keep=""
[[ ${1:-} == --keep ]] && keep=1
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
t0=$SECONDS
say() { echo "$me: $*"; }
fail() {
  echo "$me: FAIL: $*" >&2
  exit 1
}

started=""
tmp=""
finish() {
  local rc=$?
  if [[ -n ${job:-} ]] && [[ -n $(squeue -h -j "$job" 2>/dev/null) ]]; then
    scancel "$job" 2>/dev/null || true
  fi
  if [[ -n ${localpid:-} ]] && kill -0 "$localpid" 2>/dev/null; then
    kill "$localpid" 2>/dev/null || true
    wait "$localpid" 2>/dev/null || true
  fi
  if [[ -n $started ]]; then
    "$here/local-cluster.sh" stop || true
  fi
  if [[ -n $tmp ]]; then
    if [[ $rc -eq 0 && -z $keep ]]; then
      rm -rf "$tmp"
    else
      echo "$me: work folder kept: $tmp" >&2
    fi
  fi
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! "$here/local-cluster.sh" status >/dev/null 2>&1; then
  rc=0
  "$here/local-cluster.sh" start || rc=$?
  ((rc == 0)) || exit "$((rc == 77 ? 77 : 1))"
  started=1
fi
eval "$("$here/local-cluster.sh" env)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/adabayes-slurm-test.XXXXXX")
chmod 0755 "$tmp"
# the jobs and the local sweep run here (whatever they might leave behind stays out of the
# repository)
cd "$tmp"
epochs=3
cat >"$tmp/grid.yaml" <<EOF
# test-local.sh: two optimizers x two seeds, seconds each
name: slurm-local
base:
  model: {name: resnet18, width: 0.125}
  dataset: {name: synthetic, dir: $tmp/data, trainSubset: 768, testSubset: 100}
  schedule: {epochs: $epochs, decayEpochs: [2]}
  batchSize: 64
  testBatchSize: 100
  device: cpu
axes:
  optimizer.name: [adam, adabayes]
seeds: [1, 2]
EOF

# submitting counts the runs, which builds the jar first if it is needed
job=$("$here/submit.sh" --grid "$tmp/grid.yaml" --out "$tmp/slurm" --logs "$tmp/logs" \
  --job-name=adabayes-test --cpus-per-task=1 --mem=1G --time=20 --parsable)
job=${job%%;*}
[[ $job =~ ^[0-9]+$ ]] || fail "sbatch gave no job id: $job"
say "submitted array job $job (4 tasks) from $tmp/grid.yaml"
mapfile -t rels < <("$root/bin/adabayes" sweep "$tmp/grid.yaml" --out "$tmp/slurm" --dry-run \
  | sed -n 's#^[0-9]*\t'"$tmp"'/slurm/##p')
((${#rels[@]} == 4)) || fail "the grid should list 4 runs, got ${#rels[@]}"

# the reference: the same grid as a plain local sweep, meanwhile
"$root/bin/adabayes" sweep "$tmp/grid.yaml" --out "$tmp/local" --quiet >"$tmp/local.log" 2>&1 &
localpid=$!

task_state() {
  scontrol -o show job "${job}_$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 || true
}
rows() {
  local f="$tmp/slurm/${rels[$1]}/epochs.csv"
  if [[ -f $f ]]; then echo $(($(wc -l <"$f") - 1)); else echo 0; fi
}

# Interrupt task $1 with $2 once its run is RUNNING and has written an epoch but not the last.
interrupt() {
  local t=$1 how=$2 n
  for _ in $(seq 1500); do
    n=$(rows "$t")
    if [[ $(task_state "$t") == RUNNING ]] && ((n >= 1)); then
      ((n < epochs)) || fail "task $t finished before it could be interrupted"
      if [[ $how == requeue ]]; then
        scontrol requeue "${job}_$t"
      else
        scancel --batch --signal=USR1 "${job}_$t"
      fi
      say "task $t: $how after $n of $epochs epochs ($((SECONDS - t0)) s)"
      return 0
    fi
    [[ $(task_state "$t") =~ ^(COMPLETED|FAILED|CANCELLED|TIMEOUT)$ ]] \
      && fail "task $t ended ($(task_state "$t")) before it could be interrupted"
    sleep 0.2
  done
  fail "task $t made no progress in 300 s"
}
# Waits until task $1 has been requeued and has left its ending state (a task that is still
# COMPLETING makes Slurm refuse to signal the array's other tasks for a while).
requeued() {
  local info
  for _ in $(seq 300); do
    info=$(scontrol -o show job "${job}_$1" 2>/dev/null || true)
    [[ $info =~ Restarts=[1-9] && $info =~ JobState=(PENDING|RUNNING) ]] && return 0
    sleep 0.2
  done
  fail "task $1 was not requeued within 60 s: $info"
}
interrupt 0 requeue
requeued 0
interrupt 2 usr1
requeued 2

for _ in $(seq 1800); do
  [[ -z $(squeue -h -j "$job" 2>/dev/null) ]] && break
  sleep 0.5
done
[[ -z $(squeue -h -j "$job") ]] || fail "the array did not finish in 15 minutes"
say "array finished ($((SECONDS - t0)) s)"
rc=0
wait "$localpid" || rc=$?
localpid=""
((rc == 0)) || fail "the local sweep exited $rc: $(tail -n 5 "$tmp/local.log")"

for t in 0 1 2 3; do
  info=$(scontrol -o show job "${job}_$t")
  state=$(grep -o 'JobState=[A-Z_]*' <<<"$info" | cut -d= -f2)
  code=$(grep -o ' ExitCode=[0-9:]*' <<<"$info" | cut -d= -f2)
  restarts=$(grep -o 'Restarts=[0-9]*' <<<"$info" | cut -d= -f2)
  log="$tmp/logs/adabayes-test-${job}_$t.out"
  [[ $state == COMPLETED && $code == 0:0 ]] \
    || fail "task $t: $state, exit $code; its log: $(tail -n 20 "$log")"
  starts=$(grep -c '^sweep.sbatch: job .* start ' "$log" || true)
  exits=$(sed -n 's/^sweep.sbatch: exit \([0-9]*\) .*/\1/p' "$log" | paste -sd, -)
  line="task $t: COMPLETED, Restarts=$restarts, $starts start(s) (exits $exits)"
  if ((t == 0 || t == 2)); then
    ((restarts >= 1 && starts >= 2)) \
      || fail "task $t: Restarts=$restarts, $starts starts in its log: it was not requeued"
    grep -q '^resuming ' "$log" || fail "task $t: no 'resuming' line in its log: $(cat "$log")"
    grep -q '^interrupted at epoch [0-9]*, step [0-9]* of [0-9]*; rerun the same command' \
      "$log" || fail "task $t: no 'interrupted at' line in its log: $(cat "$log")"
    line+=", resumed"
  fi
  if ((t == 0)); then
    grep -q '^sweep.sbatch: exit 143 ' "$log" \
      || fail "task $t: no exit 143 after the requeue's SIGTERM in its log: $(cat "$log")"
  fi
  if grep -q 'A fatal error has been detected\|SIGSEGV' "$log"; then
    fail "task $t: the JVM crashed: $(cat "$log")"
  fi
  if ((t == 2)); then
    grep -q '^sweep.sbatch: exit 138 ' "$log" \
      || fail "task $t: no exit 138 after USR1 in its log: $(cat "$log")"
    line+=" after exit 138 and its own requeue"
  fi
  say "$line"
  grep -h '^resuming \|^interrupted at ' "$log" | sed "s/^/$me:   task $t said: /" || true
done

# epochs.csv without the columns that time things
untimed() {
  local timing
  timing='^(epoch_seconds|train_images_per_second|train_seconds|eval_seconds'
  timing+='|checkpoint_seconds)$'
  awk -F, -v timing="$timing" '
    NR == 1 { for (i = 1; i <= NF; i++) drop[i] = ($i ~ timing) }
    { s = ""; for (i = 1; i <= NF; i++) if (!drop[i]) s = s (s == "" ? "" : ",") $i; print s }' "$1"
}
for rel in "${rels[@]}"; do
  a="$tmp/slurm/$rel"
  b="$tmp/local/$rel"
  for f in config.yaml checkpoint.bin epochs.csv; do
    [[ -f $a/$f ]] || fail "$rel: no $f from Slurm"
    [[ -f $b/$f ]] || fail "$rel: no $f from the local sweep"
  done
  cmp -s "$a/config.yaml" "$b/config.yaml" \
    || fail "$rel: config.yaml differs: $(diff "$a/config.yaml" "$b/config.yaml")"
  cmp -s "$a/checkpoint.bin" "$b/checkpoint.bin" || fail "$rel: checkpoint.bin differs"
  if ! diff <(untimed "$a/epochs.csv") <(untimed "$b/epochs.csv") >"$tmp/diff.txt"; then
    fail "$rel: epochs.csv differs (timing columns aside): $(cat "$tmp/diff.txt")"
  fi
  n=$(($(wc -l <"$a/epochs.csv") - 1))
  ((n == epochs)) || fail "$rel: $n rows in epochs.csv, want $epochs"
  grep -q '"status" *: *"complete"' "$a/manifest.json" || fail "$rel: manifest not complete"
  cols=$(untimed "$a/epochs.csv" | head -n 1 | tr ',' '\n' | wc -l)
  say "$rel: same as the local sweep: epochs.csv ($n rows, $cols untimed columns)," \
    "checkpoint.bin ($(stat -c %s "$a/checkpoint.bin") bytes), config.yaml"
done

rc=0
"$root/bin/adabayes" table "$tmp/slurm" >"$tmp/table.md" 2>"$tmp/table.err" || rc=$?
((rc == 0)) || fail "adabayes table over the Slurm results exited $rc: $(cat "$tmp/table.err")"
{ grep -q '| Adam |' "$tmp/table.md" && grep -q '| AdaBayes |' "$tmp/table.md"; } \
  || fail "the table lacks Adam or AdaBayes: $(cat "$tmp/table.md")"
say "adabayes table over the Slurm results: exit 0, $(grep -c '^|' "$tmp/table.md") table lines"
say "PASS in $((SECONDS - t0)) s"
