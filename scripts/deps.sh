#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages jianbao needs to build, test and run; does nothing when
# all of them are present. Uses sudo when not run as root.
#   scripts/deps.sh          what `make build`, `make demo` and `make test` need
#   scripts/deps.sh fonts    also what `make fonts` needs (python3-fonttools, apt-get, dpkg-deb)
#   scripts/deps.sh fuzz     also what `make fuzz` needs (clang and its libFuzzer runtime)
#   scripts/deps.sh checks   also what `make format-check` needs (clang-format)
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libhpdf-dev libcairo2-dev libfreetype-dev libyaml-cpp-dev libspdlog-dev libicu-dev
  libqpdf-dev libharfbuzz-dev libcli11-dev catch2 nettle-dev libgmp-dev nlohmann-json3-dev
  libzip-dev libexpat1-dev libfreexl-dev libsqlite3-dev libpq-dev libhyphen-dev hyphen-en-us
  poppler-utils qpdf mupdf-tools python3 time faketime postgresql python3-openpyxl python3-xlwt
  gettext
  # The package and the manual (tests/e2e/install_test.cpp, cli_docs_test.cpp): dpkg-dev for
  # dpkg-shlibdeps (CPack's Depends), groff-base and man-db to render jianbao(1) with warnings
  # on, lintian to check the .deb as `make package` leaves it.
  dpkg-dev groff-base man-db lintian
  python3-jsonschema python3-yaml
)
if [[ "${1:-}" == fonts ]]; then
  packages+=(python3-fonttools)
fi
if [[ "${1:-}" == checks ]]; then
  packages+=(clang-format)
fi
if [[ "${1:-}" == fuzz ]]; then
  packages+=(clang libclang-rt-dev)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "deps: installing ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
