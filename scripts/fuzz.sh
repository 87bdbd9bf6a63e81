#!/usr/bin/env bash
# Runs each libFuzzer target (tests/fuzz) for SECONDS, seeded with the project's own specs, CSV
# files and placeholders plus every saved regression. Prints each target's counts; exits 1 when
# a target found a problem (the input is in BUILD/artifacts/TARGET/).
#   scripts/fuzz.sh BUILD_DIR [SECONDS] [TARGET...]
set -euo pipefail
build=${1:-build-fuzz}
seconds=${2:-60}
targets=("${@:3}")
[[ ${#targets[@]} -gt 0 ]] || targets=(spec_loader csv_reader expression pipeline)
status=0

# A pipeline input (tests/fuzz/targets.hpp): the spec, then each CSV file it names, once, in the
# order it names them, each after a line `%%csv`. A file is looked for beside the spec, then
# from the repository's root (as tests/spec/good names ../../data).
pipeline_seed() {
  local spec=$1 dir csv
  dir=$(dirname "$spec")
  cat "$spec"
  { grep -avE '^[[:space:]]*#' "$spec" | grep -aoE "[^][[:space:]:{}\"',]+\.csv" || true; } |
    awk '!seen[$0]++' | while read -r csv; do
      for f in "$dir/$csv" "${csv#../../}"; do
        if [[ -f $f ]]; then printf '\n%%%%csv\n'; cat "$f"; break; fi
      done
    done
}

for t in "${targets[@]}"; do
  limits=()
  corpus=$build/corpus/$t
  seeds=$build/seeds/$t
  artifacts=$build/artifacts/$t
  rm -rf "$seeds"
  mkdir -p "$corpus" "$seeds" "$artifacts"
  case $t in
    spec_loader) kind=spec
      find templates tests/spec tests/typography tests/golden -name '*.yaml' -exec cp {} "$seeds/" \; ;;
    csv_reader) kind=csv
      find data tests/typography tests/golden -name '*.csv' -exec cp {} "$seeds/" \; ;;
    expression) kind=expression
      grep -rhoE '\{\{[^}]*\}\}' templates | sed -E 's/^\{\{ *//; s/ *\}\}$//' | sort -u |
        awk -v d="$seeds" '{ f = d "/p" NR; print > f; close(f) }' ;;
    pipeline) kind=pipeline
      # The demos with their data, every hostile spec (with the CSV files it names), the test
      # specs; inputs are capped at 32 KiB (the largest seed is 24 KiB), so that the program's
      # own limits, not the input's size, bound each run. The dictionary holds the spec's words.
      limits=(-max_len=32768 -dict=tests/fuzz/pipeline.dict)
      for spec in templates/*/*.yaml tests/fixtures/broken/*.yaml tests/spec/*/*.yaml \
          tests/typography/*.yaml tests/golden/*/*.yaml tests/fuzz/regressions/spec/*; do
        pipeline_seed "$spec" >"$seeds/$(echo "$spec" | tr / -).txt"
      done ;;
  esac
  cp tests/fuzz/regressions/$kind/* "$seeds/" 2>/dev/null || true
  log=$build/$t.log
  echo "fuzz: $t for ${seconds}s ($(ls "$seeds" | wc -l) seeds)"
  if "$build/tests/fuzz/${t}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      "${limits[@]}" -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "$seeds" >"$log" 2>&1; then
    runs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | grep -oE '[0-9]+$')
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    echo "fuzz: $t clean: $runs runs; $(echo "$last" | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9a-zA-Z]+')"
  else
    status=1
    grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5
    echo "fuzz: $t FOUND A PROBLEM (log $log). Copy the input from $artifacts/ into"
    echo "      tests/fuzz/regressions/$kind/, fix the bug, and make test replays it."
  fi
done
exit $status
