#!/bin/sh
# System packages beyond PyPI. Always: Tesseract OCR (Debian `tesseract-ocr`, with English) for
# scanned PDFs and images. With `test`: Debian's chromium and chromium-driver for the end-to-end
# browser tests, and npm for their accessibility check (axe-core, `make ui-deps`). Installs with apt-get when run as root (CI, a fresh server); otherwise, or
# without apt, says what to install and carries on: only OCR and the browser tests need them.
set -u
packages=""
command -v tesseract >/dev/null 2>&1 || packages="tesseract-ocr"
if [ "${1:-}" = test ]; then
    command -v chromium >/dev/null 2>&1 || packages="$packages chromium"
    command -v chromedriver >/dev/null 2>&1 || packages="$packages chromium-driver"
    command -v npm >/dev/null 2>&1 || packages="$packages npm"  # axe-core: make ui-deps
fi
[ -n "$packages" ] || exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: no apt-get here; install by hand:$packages" >&2
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "install-system-deps: not root; run 'sudo apt-get install -y$packages'" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
apt-get install -y -qq $packages >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq $packages >/dev/null; } \
    || echo "install-system-deps: apt-get could not install$packages" >&2
exit 0
