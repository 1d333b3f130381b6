#!/usr/bin/env bash
# scripts/run-fuzz.sh SECONDS HARNESS.c...: run the libFuzzer binary of each
# harness test/fuzz/<capability>/fuzz_NAME.c (built as build/fuzz/fuzz_NAME)
# for SECONDS on its seed corpus (test/fuzz/<capability>/corpus/NAME, never
# written to) with its dictionary (fuzz_NAME.dict beside it, if any); new
# inputs go to build/fuzz/corpus-NAME.  Prints "fuzz NAME ... ok" or
# "... FAILED".
set -u
seconds=$1; shift
rc=0
for src in "$@"; do
  dir=$(dirname "$src")
  name=$(basename "$src" .c)
  bin=build/fuzz/$name
  seeds=$dir/corpus/${name#fuzz_}
  work=build/fuzz/corpus-${name#fuzz_}
  mkdir -p "$work"
  args=("$work")
  [ -d "$seeds" ] && args+=("$seeds")
  dict=$dir/${name}.dict
  [ -f "$dict" ] && args=(-dict="$dict" "${args[@]}")
  if "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=4096 \
       -print_final_stats=0 "${args[@]}" >"build/fuzz/$name.log" 2>&1; then
    echo "fuzz $name ... ok"
  else
    tail -40 "build/fuzz/$name.log"
    echo "fuzz $name ... FAILED"
    rc=1
  fi
done
exit $rc
