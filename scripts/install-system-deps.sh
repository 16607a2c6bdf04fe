#!/bin/sh
# System packages the service needs beyond PyPI: Tesseract OCR (Debian `tesseract-ocr`, with
# English) for scanned PDFs and images. Installs with apt-get when run as root (CI, a fresh
# server); otherwise, or without apt, says what to install and carries on: only OCR needs it.
set -u
if command -v tesseract >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: no apt-get here; install Tesseract OCR (tesseract-ocr) by hand" \
         "for scanned PDFs and images" >&2
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "install-system-deps: not root; run 'sudo apt-get install -y tesseract-ocr'" \
         "for scanned PDFs and images" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq tesseract-ocr >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq tesseract-ocr >/dev/null; } \
    || echo "install-system-deps: apt-get could not install tesseract-ocr; OCR is off" >&2
exit 0
