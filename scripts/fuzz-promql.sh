#!/usr/bin/env bash
# Fuzzes the PromQL parser with libFuzzer (coverage-guided).
#
#   scripts/fuzz-promql.sh [seconds]      # default 300
#
# VigilCore (and its C/C++ shims) is built normally by SwiftPM; VigilSyntax's
# sources are recompiled together with scripts/fuzz/PromQLFuzzTarget.swift
# under -sanitize=fuzzer, so only the parser is instrumented. The seed corpus
# is the conformance suite's expressions when ../shared/conformance/promql or
# $VIGIL_CONFORMANCE_DIR/promql exists. Crashing inputs land in .build/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
out=.build/fuzz
mkdir -p "$out/corpus"

swift build -c release --target VigilCore
release=.build/release
objects=("$release"/VigilCore.build/*.o "$release"/CRE2.build/*.o "$release"/CByteScan.build/*.o)
mapfile -t sources < <(find Sources/VigilSyntax -name '*.swift' | sort)

swiftc -O -sanitize=fuzzer -parse-as-library -module-name PromQLFuzz \
  -I "$release/Modules" \
  -Xcc -fmodule-map-file="$release/CRE2.build/module.modulemap" \
  -Xcc -fmodule-map-file="$release/CByteScan.build/module.modulemap" \
  -Xcc -fmodule-map-file=Sources/CZstd/module.modulemap \
  -I Sources/CRE2/include -I Sources/CByteScan/include \
  "${sources[@]}" scripts/fuzz/PromQLFuzzTarget.swift "${objects[@]}" \
  -lre2 -lzstd -lstdc++ -o "$out/promql-fuzz"

conformance="${VIGIL_CONFORMANCE_DIR:-../shared/conformance}/promql"
if [ -d "$conformance" ]; then
  index=0
  for file in "$conformance"/*.test; do
    sed -nE 's/^[[:space:]]*eval[a-z_]* (instant at [^ ]+|range from [^ ]+ to [^ ]+ step [^ ]+) //p' "$file" |
      while IFS= read -r expression; do
        printf '%s' "$expression" > "$out/corpus/$(basename "$file" .test)-$index"
        index=$((index + 1))
      done
  done
fi

echo "fuzzing for ${seconds}s; corpus in $out/corpus" >&2
# Swift's own crash handler would hide the crash from libFuzzer, which then
# could not save the input.
SWIFT_BACKTRACE=enable=no "$out/promql-fuzz" -max_total_time="$seconds" -max_len=512 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$out/" "$out/corpus"
