#!/usr/bin/env bash
# Debian packages Scanloom uses at run time, installed only when missing.
#   file        libmagic's `file`: file types (a slower WASM libmagic is the fallback)
#   git         git inputs (git clone --depth 1)
#   p7zip-full  7z archives, and salvaging truncated zips
#   xz-utils, bzip2, zstd   fast decompressors (JavaScript decoders are the fallback)
#   libpcre2-dev            building native/file (npm install): PCRE2 answers most of libmagic's
#                           regex tests; without it the build is slower at typing text files
#   python3-openpyxl        tests only: an independent reader of the XLSX exports
set -euo pipefail
needed=()
command -v file >/dev/null 2>&1 || needed+=(file)
command -v git >/dev/null 2>&1 || needed+=(git)
command -v 7z >/dev/null 2>&1 || needed+=(p7zip-full)
command -v xz >/dev/null 2>&1 || needed+=(xz-utils)
command -v bzip2 >/dev/null 2>&1 || needed+=(bzip2)
command -v zstd >/dev/null 2>&1 || needed+=(zstd)
command -v pcre2-config >/dev/null 2>&1 || needed+=(libpcre2-dev)
/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1 || needed+=(python3-openpyxl)
if [ ${#needed[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${needed[*]} (run: sudo apt-get install ${needed[*]})" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}"
