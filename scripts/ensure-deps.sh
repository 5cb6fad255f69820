#!/usr/bin/env bash
# Install the system packages rehearse needs, only when they are missing.
#   scripts/ensure-deps.sh build   what building needs (pkg-config, ALSA headers)
#   scripts/ensure-deps.sh test    plus what the tests drive (ALSA utils, chromium, tmux)
#   scripts/ensure-deps.sh bench   plus what `make bench` uses (sox, GNU time)
# Uses apt-get (with sudo when not root). On other systems it prints what to install.
set -euo pipefail
what=${1:-build}

missing=()
need() { # need PACKAGE CHECK-COMMAND...
  local pkg=$1; shift
  if ! "$@" >/dev/null 2>&1; then missing+=("$pkg"); fi
}

need pkg-config command -v pkg-config
need libasound2-dev pkg-config --exists alsa
if [ "$what" = test ] || [ "$what" = bench ]; then
  need alsa-utils command -v arecord
  need tmux command -v tmux
  need chromium command -v chromium
fi
if [ "$what" = bench ]; then
  need sox command -v sox
  need time test -x /usr/bin/time
  need ffmpeg command -v ffmpeg
  need espeak-ng command -v espeak-ng
  need bc command -v bc
fi

[ ${#missing[@]} -eq 0 ] && exit 0

echo "rehearse: installing missing system packages: ${missing[*]}" >&2
if command -v apt-get >/dev/null 2>&1; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
      echo "rehearse: not root and no sudo; please install: ${missing[*]}" >&2; exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
else
  echo "rehearse: no apt-get here; please install the equivalents of: ${missing[*]}" >&2
  echo "  (Fedora: alsa-lib-devel pkgconf alsa-utils tmux chromium; macOS needs none of the ALSA ones)" >&2
  exit 1
fi
