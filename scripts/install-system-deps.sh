#!/usr/bin/env bash
# Debian packages Scanloom uses at run time, installed only when missing.
#   file             libmagic's `file`, used by tests to cross-check file types
#   git              git inputs (git clone --depth 1)
#   libarchive-tools bsdtar, for 7z, cpio, rpm and other archive formats
set -euo pipefail
needed=()
command -v file >/dev/null 2>&1 || needed+=(file)
command -v git >/dev/null 2>&1 || needed+=(git)
command -v bsdtar >/dev/null 2>&1 || needed+=(libarchive-tools)
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
