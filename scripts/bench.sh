#!/usr/bin/env bash
# Renders a spec N times (default 20) and prints the median and max wall time (ms) and the
# peak resident memory. Machines are shared and noisy: compare medians, never single runs.
#   scripts/bench.sh BIN SPEC [EXTRA OPTIONS, e.g. -j2 for a batch]
set -euo pipefail
bin=${1:-build/jianbao}
spec=${2:-templates/ningbo/briefing.yaml}
extra=("${@:3}")
runs=${RUNS:-20}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$bin" -q render "$spec" -o "$out" "${extra[@]}" >/dev/null  # warm the page cache
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$out/rss" "$bin" -q render "$spec" -o "$out" "${extra[@]}" >/dev/null
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000 )) $(cat "$out/rss")" >> "$out/times"
done
pdfs=$(ls "$out"/*.pdf | wc -l)
bytes=$(stat -c %s "$out"/*.pdf | head -1)
sort -n "$out/times" | awk -v runs="$runs" -v spec="$spec ${extra[*]}" -v bytes="$bytes" -v pdfs="$pdfs" '
  { t[NR] = $1 / 1000; if ($2 > rss) rss = $2 }
  END {
    med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
    printf "bench: %s, %d runs: median %.1f ms, max %.1f ms, peak RSS %.1f MB, %d PDF(s), the first %d bytes\n", spec, runs, med, t[NR], rss / 1024, pdfs, bytes
  }'
