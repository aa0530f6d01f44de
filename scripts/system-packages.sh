#!/usr/bin/env bash
# Debian packages the tests need: Chromium for browser tests, fonts, poppler for reading PDFs.
# Installs only what is missing; needs root (CI runs as root) or sudo.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# WeasyPrint (PDF reports) lays out text with pango and subsets fonts with harfbuzz.
libs=$(ldconfig -p 2>/dev/null || true)
[[ $libs == *libpango-1.0.so.0* ]] || need+=(libpango-1.0-0)
[[ $libs == *libpangoft2-1.0.so.0* ]] || need+=(libpangoft2-1.0-0)
[[ $libs == *libharfbuzz-subset.so.0* ]] || need+=(libharfbuzz-subset0)
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: please install ${need[*]} with your package manager" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "system-packages: installing ${need[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
