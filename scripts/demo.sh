#!/usr/bin/env bash
# Vigil's main job on the bundled Corpus: check every bundled Prometheus rule
# file and print each rule's expression in canonical form.
set -euo pipefail
cd "$(dirname "$0")/.."
vigil=".build/debug/vigil"
"$vigil" check rules --print Corpus/rules/prometheus/*.yml
