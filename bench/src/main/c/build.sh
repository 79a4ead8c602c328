#!/usr/bin/env bash
# Builds the native OpenSSL reference (sslbench.c) into <out-dir>/sslbench with gcc against the system
# libssl. Prints a note and exits 3 when gcc or libssl-dev is missing (install: apt-get install -y gcc libssl-dev).
# Usage: build.sh <out-dir>
set -euo pipefail
src="$(cd "$(dirname "$0")" && pwd)/sslbench.c"
out="${1:?usage: build.sh <out-dir>}"
if ! command -v gcc >/dev/null 2>&1; then
  echo "native OpenSSL reference skipped: gcc not found (apt-get install -y gcc libssl-dev)" >&2
  exit 3
fi
if pkg-config --exists openssl 2>/dev/null; then
  flags="$(pkg-config --cflags --libs openssl)"
elif dpkg -s libssl-dev >/dev/null 2>&1; then
  flags="-lssl -lcrypto"
else
  echo "native OpenSSL reference skipped: libssl-dev not installed (apt-get install -y libssl-dev)" >&2
  exit 3
fi
mkdir -p "$out"
# shellcheck disable=SC2086
gcc -O2 -Wall -Wextra -o "$out/sslbench" "$src" $flags
