#!/usr/bin/env bash
# Installs the Debian packages Vigil builds and tests with, if any is missing.
#   libre2-dev, libzstd-dev, pkg-config: the C/C++ shims (RE2, zstd)
#   prometheus (promtool), prometheus-alertmanager: differential and delivery tests
set -euo pipefail
packages=(libre2-dev libzstd-dev pkg-config prometheus prometheus-alertmanager)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing missing system packages: ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
# --no-install-recommends keeps the Prometheus packages from pulling in extra services.
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
