#!/usr/bin/env bash
# Resident memory of a run against its steps, under each allocator choice the launcher can make:
# a small run (ResNet-18 at 1/8 width, batch 128, 8 steps an epoch, 60 epochs = 480 steps) is
# trained once per setting while its RSS is sampled every 0.5 s; prints RSS after the first epoch,
# at the end, and the growth in between, and the first epoch's time against the median later one.
#
#   scripts/rss-profile.sh [EPOCHS [SETTING...]]   (default 60; a setting is "default", the
#                                                  launcher as it is, or environment assignments
#                                                  split on spaces, e.g. MALLOC_ARENA_MAX=2;
#                                                  ADABAYES_JAVA_OPTS=-XX:+UseG1GC replaces the
#                                                  launcher's JVM options with one option)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
epochs="${1:-60}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/run.yaml" <<YAML
model: {name: resnet18, width: 0.125}
dataset: {name: synthetic, dir: $work/data, trainSubset: 1024, testSubset: 256}
optimizer: {name: adabayes}
schedule: {epochs: $epochs, decayEpochs: []}
batchSize: 128
YAML
jemalloc=$(ls /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 2>/dev/null || true)
settings=("${@:2}")
if [[ ${#settings[@]} -eq 0 ]]; then
  settings=("default" "ADABAYES_JAVA_OPTS=-XX:+UseG1GC" "MALLOC_ARENA_MAX=2")
  [[ -n $jemalloc ]] && settings+=("LD_PRELOAD=$jemalloc")
fi
printf '%-48s %10s %10s %10s %12s %12s\n' setting "RSS ep1 MB" "RSS end MB" "growth MB" \
  "epoch1 s" "later s"
for s in "${settings[@]}"; do
  out="$work/run-${#s}-$RANDOM"
  if [[ $s == default ]]; then envs=(); else read -r -a envs <<<"$s"; fi
  env "${envs[@]}" bin/adabayes train "$work/run.yaml" \
    --out "$out" --quiet >/dev/null 2>"$work/log" &
  launcher=$!
  samples="$work/rss-$RANDOM"
  : >"$samples"
  while kill -0 "$launcher" 2>/dev/null; do
    pid=$(pgrep -f -n "java.*$out" || true)
    if [[ -n $pid && -f "$out/epochs.csv" ]]; then
      rows=$(($(wc -l <"$out/epochs.csv") - 1))
      rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo "")
      [[ -n $rss ]] && echo "$rows $rss" >>"$samples"
    fi
    sleep 0.5
  done
  wait "$launcher" || true
  t1=$(sed -n 2p "$out/epochs.csv" | cut -d, -f7)
  later=$(tail -n +3 "$out/epochs.csv" | cut -d, -f7 | sort -g | awk '{v[NR] = $1}
    END {print v[int((NR + 1) / 2)]}')
  awk -v s="$s" -v t1="$t1" -v later="$later" '
    { if ($1 >= 1 && !e1) e1 = $2; last = $2 }
    END { printf "%-48s %10.0f %10.0f %10.0f %12.2f %12.2f\n", s, e1 / 1024, last / 1024,
          (last - e1) / 1024, t1, later }' "$samples"
done
