#!/usr/bin/env bash
# tests/ci: every test case of the Catch2 binary is a ctest entry, and every ctest entry of it is
# one test case. catch_discover_tests splits a name containing ';' into two entries whose
# filters match nothing (and Catch2 v2 exits 0 on "No tests ran" without --warn NoTests), so a
# test would silently never run. Compares the binary's own list (the two TEST_SPEC groups of
# tests/CMakeLists.txt) with `ctest -N`, name by name.
# Usage: test_list_check.sh TEST_BINARY BUILD_DIR OTHER_TEST...   (OTHER: tests that are not
# Catch2 test cases, such as fonts_sha256 and this one)
set -euo pipefail
export LC_ALL=C
binary=$1 build=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --list-test-names-only exits with the number of tests listed.
"$binary" '~[fidelity]' --list-test-names-only >"$tmp/list" || true
"$binary" '[fidelity]' --list-test-names-only >>"$tmp/list" || true
sed '/^$/d' "$tmp/list" | sort >"$tmp/binary"
(cd "$build" && ctest -N) | sed -n 's/^ *Test *#[0-9]*: //p' | sort >"$tmp/ctest"
printf '%s\n' "$@" | sort >"$tmp/other"
comm -23 "$tmp/ctest" "$tmp/other" >"$tmp/ctest-catch"

status=0
if grep -n ';' "$tmp/binary" >"$tmp/semicolons"; then
  echo "error: test case names containing ';' (ctest splits them; rename them):" >&2
  cat "$tmp/semicolons" >&2
  status=1
fi
if ! diff -u --label 'jianbao_tests --list-test-names-only' --label 'ctest -N' \
    "$tmp/binary" "$tmp/ctest-catch" >&2; then
  echo "error: the test binary's list and ctest's entries differ (above)" >&2
  status=1
fi
# Every entry has one of the labels tests/README.md describes, so `-L unit`, `-L e2e` and
# `-L slow` together run everything.
(cd "$build" && ctest -N -LE '^(unit|e2e|slow)$') | sed -n 's/^ *Test *#[0-9]*: //p' >"$tmp/unlabelled"
if [ -s "$tmp/unlabelled" ]; then
  echo "error: ctest entries with none of the labels unit, e2e, slow:" >&2
  cat "$tmp/unlabelled" >&2
  status=1
fi
binary_count=$(wc -l <"$tmp/binary")
ctest_count=$(wc -l <"$tmp/ctest-catch")
echo "test cases: $binary_count in the binary, $ctest_count ctest entries (+ $# others)"
[ "$binary_count" -gt 0 ] || { echo "error: the binary lists no test cases" >&2; status=1; }
exit $status
