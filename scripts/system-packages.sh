#!/usr/bin/env bash
# Debian packages the project needs, installing only what is missing; needs root (CI runs as
# root) or sudo.
#   runtime (make run):  pango and fonts, which WeasyPrint needs for the PDF reports
#   test (make test):    those, plus Chromium for browser tests and poppler for reading PDFs
# In runtime mode a failed install is a warning: the dashboard runs, only PDF reports are off.
set -euo pipefail
mode=${1:-test}
need=()
if [ "$mode" = test ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
fi
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# WeasyPrint (PDF reports) lays out text with pango and subsets fonts with harfbuzz.
libs=$(ldconfig -p 2>/dev/null || true)
[[ $libs == *libpango-1.0.so.0* ]] || need+=(libpango-1.0-0)
[[ $libs == *libpangoft2-1.0.so.0* ]] || need+=(libpangoft2-1.0-0)
[[ $libs == *libharfbuzz-subset.so.0* ]] || need+=(libharfbuzz-subset0)
[ ${#need[@]} -eq 0 ] && exit 0
give_up() {
  echo "system-packages: please install ${need[*]} with your package manager" >&2
  if [ "$mode" = runtime ]; then
    echo "system-packages: the dashboard starts anyway; PDF reports need these packages" >&2
    exit 0
  fi
  exit 1
}
command -v apt-get >/dev/null 2>&1 || give_up
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || give_up
  sudo="sudo"
fi
echo "system-packages: installing ${need[*]}"
{ $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null; } || give_up
