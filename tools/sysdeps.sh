#!/usr/bin/env bash
# System packages pip cannot bring: Pango and HarfBuzz (WeasyPrint's PDF layout and font
# subsetting) and the Noto CJK fonts (Japanese text in PDFs). Installs them with apt-get when
# they are missing and that is possible; otherwise names them in one clear error.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-cjk)
optional=("$@")  # extra packages asked for by the caller (libreoffice-writer-nogui for
                 # make test-word, chromium for make test-web)

have_pkg() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

if ! command -v dpkg-query >/dev/null 2>&1; then
  # not Debian: check the libraries themselves
  missing_libs=()
  for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0; do
    ldconfig -p 2>/dev/null | grep -q "$lib" || missing_libs+=("$lib")
  done
  if [ ${#missing_libs[@]} -gt 0 ]; then
    echo "briefkit needs these system libraries for PDF output: ${missing_libs[*]}" >&2
    echo "install Pango (>= 1.44) and HarfBuzz with your system's package manager" >&2
    exit 1
  fi
  exit 0
fi

missing=()
for pkg in "${packages[@]}" "${optional[@]}"; do
  have_pkg "$pkg" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
  else
    echo "briefkit needs these system packages: ${missing[*]}" >&2
    echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
echo "installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! { $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
       { $sudo apt-get update -qq >/dev/null 2>&1 &&
         $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; }; then
  echo "could not install: ${missing[*]} (apt-get failed); install them and run make again" >&2
  exit 1
fi
