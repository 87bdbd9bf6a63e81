#!/usr/bin/env bash
# Renders the demo N times (default 20) and prints the median and max wall time and the peak
# resident memory. Machines are shared and noisy: compare medians, never single runs.
set -euo pipefail
bin=${1:-build/jianbao}
spec=${2:-templates/ningbo/briefing.yaml}
runs=${RUNS:-20}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$bin" -q render "$spec" -o "$out" >/dev/null  # warm the page cache
for _ in $(seq "$runs"); do
  /usr/bin/time -f "%e %M" -o "$out/t" "$bin" -q render "$spec" -o "$out" >/dev/null
  cat "$out/t" >> "$out/times"
done
sort -n "$out/times" | awk -v runs="$runs" -v spec="$spec" '
  { t[NR] = $1; if ($2 > rss) rss = $2 }
  END {
    med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
    printf "bench: %s, %d runs: median %.3f s, max %.3f s, peak RSS %.1f MB\n", spec, runs, med, t[NR], rss / 1024
  }'
