#!/usr/bin/env bash
# The committed CPU result set in one command: the harness beside PyTorch eager (Debian's
# python3-torch), interleaved rounds, every default case of `bench models --against-torch`,
# written to results/bench/<date>-<label>/ (models.csv, bench-manifest.json with the commit and the
# machine, and the printed table as bench.txt). Run it from a clean, committed tree on a quiet
# machine: the manifest records the load average before and after, and a dirty tree is refused.
#
#   scripts/bench-cpu.sh LABEL [extra bench-models options, e.g. --threads 2 --rounds 21]
#
# ADABAYES_MALLOC picks the allocator (bin/adabayes); the manifest says which ran.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
label="${1:?usage: scripts/bench-cpu.sh LABEL [bench models options]}"
shift
if [[ ! "$label" =~ ^[A-Za-z0-9._-]+$ ]]; then
  echo "bench-cpu: LABEL must be [A-Za-z0-9._-]+" >&2
  exit 2
fi
cd "$root"
if [[ -n "$(git status --porcelain --untracked-files=no)" ]]; then
  echo "bench-cpu: the tree has uncommitted changes; commit them first (a result set names" \
       "the commit it was made from)" >&2
  exit 2
fi
/usr/bin/python3 -c 'import torch' 2>/dev/null || {
  echo "bench-cpu: /usr/bin/python3 cannot import torch (apt-get install python3-torch)" >&2
  exit 2
}
out="results/bench/$(date -u +%F)-$label"
[[ ! -e "$out" ]] || { echo "bench-cpu: $out exists; choose another label" >&2; exit 2; }
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bin/adabayes bench models --against-torch --work "$work" --out "$out" "$@" | tee "$out/bench.txt"
echo "bench-cpu: wrote $out"
