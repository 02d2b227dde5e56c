#!/usr/bin/env bash
# Vigil's main job on the bundled Corpus: replay the recorded incident
# (Corpus/incident/: three hours of metrics and logs) through the bundled
# rules (Corpus/vigil.yml) in simulated time, printing every alert state
# change and autolog session as it happens, and deliver the alerts to a real
# Alertmanager started for the demo (when prometheus-alertmanager is
# installed), which then lists what it holds.
set -euo pipefail
cd "$(dirname "$0")/.."
vigil=".build/debug/vigil"
alertmanager_bin="${VIGIL_ALERTMANAGER:-/usr/bin/prometheus-alertmanager}"

# A broken configuration or rule file stops the demo with its errors.
"$vigil" check config Corpus/vigil.yml >/dev/null

alerting=(--no-alertmanager)
workdir=""
cleanup() {
  if [ -n "${am_pid:-}" ]; then kill "$am_pid" 2>/dev/null || true; wait "$am_pid" 2>/dev/null || true; fi
  if [ -n "$workdir" ]; then rm -rf "$workdir"; fi
}
trap cleanup EXIT
if [ -x "$alertmanager_bin" ]; then
  workdir="$(mktemp -d)"
  port=19093
  while (: </dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
  printf 'route:\n  receiver: demo\nreceivers:\n  - name: demo\n' >"$workdir/alertmanager.yml"
  "$alertmanager_bin" --config.file="$workdir/alertmanager.yml" --storage.path="$workdir/data" \
    --web.listen-address="127.0.0.1:$port" --cluster.listen-address= >"$workdir/alertmanager.log" 2>&1 &
  am_pid=$!
  url="http://127.0.0.1:$port"
  for _ in $(seq 100); do
    if curl -sf "$url/-/ready" >/dev/null 2>&1; then alerting=(--alertmanager "$url"); break; fi
    sleep 0.1
  done
fi

echo "== vigil replay: Corpus/incident through Corpus/vigil.yml (loading 88 MB of metrics takes a moment)"
echo
"$vigil" replay --config Corpus/vigil.yml \
  --data Corpus/incident/metrics.om.zst --logs Corpus/incident/logs.jsonl.zst "${alerting[@]}"

if [ "${alerting[0]}" = "--alertmanager" ]; then
  echo
  echo "== Alertmanager at $url after the replay (alerts re-dated to the wall clock; resolved ones are gone)"
  received() { curl -s "$url/metrics" | awk -v s="$1" '$1 == "alertmanager_alerts_received_total{status=\"" s "\",version=\"v2\"}" { print $2 }'; }
  echo "received: $(received firing) firing and $(received resolved) resolved notifications"
  amtool alert query --alertmanager.url="$url" -o extended 2>/dev/null || curl -s "$url/api/v2/alerts"
fi
