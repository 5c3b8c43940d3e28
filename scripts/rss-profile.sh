#!/usr/bin/env bash
# Resident memory of a run against its steps, under each allocator choice the launcher can make:
# a small run is trained once per setting while its RSS is sampled every 0.5 s; prints RSS after
# the first epoch, at the end, the growth in between, the slope after warm-up (a least-squares
# line through the samples past the first fifth of the steps, in MB per 1,000 steps), and the
# first epoch's time against the median later one. With --out DIR it also writes each setting's
# samples (rss.csv: setting, step, rss_mb) and their plot (rss.svg).
#
#   scripts/rss-profile.sh [--out DIR] [EPOCHS [SETTING...]]
#       EPOCHS: default 60; a setting is "default", the launcher as it is, or environment
#       assignments split on spaces, e.g. MALLOC_ARENA_MAX=2; ADABAYES_JAVA_OPTS=-XX:+UseG1GC
#       replaces the launcher's JVM options with one option.
#   The run: ResNet-18 at RSS_WIDTH (0.125) width, batch RSS_BATCH (128), RSS_TRAIN (1024)
#   training and RSS_TEST (256) test images of generated data, AdaBayes; e.g. RSS_WIDTH=0.0625
#   RSS_BATCH=32 RSS_TRAIN=320 RSS_TEST=64 and 500 epochs is 5,000 steps in a few minutes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
outdir=""
if [[ ${1:-} == --out ]]; then
  outdir="$2"
  shift 2
  mkdir -p "$outdir"
fi
epochs="${1:-60}"
width="${RSS_WIDTH:-0.125}"
batch="${RSS_BATCH:-128}"
train="${RSS_TRAIN:-1024}"
test="${RSS_TEST:-256}"
per_epoch=$(((train + batch - 1) / batch))
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/run.yaml" <<YAML
model: {name: resnet18, width: $width}
dataset: {name: synthetic, dir: $work/data, trainSubset: $train, testSubset: $test}
optimizer: {name: adabayes}
schedule: {epochs: $epochs, decayEpochs: []}
batchSize: $batch
YAML
jemalloc=$(ls /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 2>/dev/null || true)
settings=("${@:2}")
if [[ ${#settings[@]} -eq 0 ]]; then
  settings=("default" "ADABAYES_JAVA_OPTS=-XX:+UseG1GC" "MALLOC_ARENA_MAX=2")
  [[ -n $jemalloc ]] && settings+=("LD_PRELOAD=$jemalloc")
fi
echo "resnet18@$width, batch $batch, $per_epoch steps an epoch, $epochs epochs" \
  "($((per_epoch * epochs)) steps)"
printf '%-40s %10s %10s %10s %14s %10s %10s\n' setting "RSS ep1 MB" "RSS end MB" "growth MB" \
  "MB/1000 steps" "epoch1 s" "later s"
all="$work/all.csv"
echo "setting,step,rss_mb" >"$all"
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
      [[ -n $rss ]] && echo "$((rows * per_epoch)) $rss" >>"$samples"
    fi
    sleep 0.5
  done
  wait "$launcher" || true
  awk -v s="$s" '{printf "\"%s\",%d,%.1f\n", s, $1, $2 / 1024}' "$samples" >>"$all"
  t1=$(sed -n 2p "$out/epochs.csv" | cut -d, -f7)
  later=$(tail -n +3 "$out/epochs.csv" | cut -d, -f7 | sort -g | awk '{v[NR] = $1}
    END {print v[int((NR + 1) / 2)]}')
  awk -v s="$s" -v t1="$t1" -v later="$later" -v per="$per_epoch" \
    -v total="$((per_epoch * epochs))" '
    { if ($1 >= per && !e1) e1 = $2; last = $2
      if ($1 >= total / 5) { n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2 } }
    END { slope = n > 1 && n * sxx != sx * sx ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0
          printf "%-40s %10.0f %10.0f %10.0f %14.2f %10.2f %10.2f\n", s, e1 / 1024,
          last / 1024, (last - e1) / 1024, slope * 1000 / 1024, t1, later }' "$samples"
done
if [[ -n $outdir ]]; then
  cp "$all" "$outdir/rss.csv"
  # one polyline per setting: steps across, RSS up, the axes' ranges in the corners
  awk -F, 'NR > 1 { gsub(/"/, "", $1); s[NR] = $1; x[NR] = $2; y[NR] = $3
      if (!(($1) in seen)) { seen[$1] = ++k; name[k] = $1 }
      if (xmax < $2) xmax = $2; if (ymax < $3) ymax = $3; if (ymin == "" || ymin > $3) ymin = $3 }
    END {
      split("#1f77b4 #d62728 #2ca02c #9467bd #ff7f0e", col, " ")
      if (ymax == ymin) ymax = ymin + 1
      if (xmax == 0) xmax = 1
      print "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\"400\">"
      print "<rect width=\"720\" height=\"400\" fill=\"white\"/>"
      print "<line x1=\"60\" y1=\"350\" x2=\"700\" y2=\"350\" stroke=\"black\"/>"
      print "<line x1=\"60\" y1=\"30\" x2=\"60\" y2=\"350\" stroke=\"black\"/>"
      printf "<text x=\"60\" y=\"370\" font-size=\"12\">0</text>"
      printf "<text x=\"640\" y=\"370\" font-size=\"12\">%d steps</text>\n", xmax
      printf "<text x=\"5\" y=\"350\" font-size=\"12\">%.0f MB</text>", ymin
      printf "<text x=\"5\" y=\"35\" font-size=\"12\">%.0f MB</text>\n", ymax
      for (j = 1; j <= k; j++) {
        pts = ""
        for (i = 2; i <= NR; i++) if (s[i] == name[j])
          pts = pts sprintf("%.1f,%.1f ", 60 + 640 * x[i] / xmax,
                            350 - 320 * (y[i] - ymin) / (ymax - ymin))
        printf "<polyline fill=\"none\" stroke=\"%s\" points=\"%s\"/>\n", col[(j - 1) % 5 + 1], pts
        printf "<text x=\"420\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s</text>\n", 40 + 16 * j,
          col[(j - 1) % 5 + 1], name[j]
      }
      print "<text x=\"250\" y=\"392\" font-size=\"12\">RSS against training steps</text>"
      print "</svg>"
    }' "$all" >"$outdir/rss.svg"
  echo "samples: $outdir/rss.csv; plot: $outdir/rss.svg"
fi
