#!/usr/bin/env bash
# Peak RSS of `rehearse record` for 1 minute vs 30 minutes of audio from the virtual
# microphone, unpaced (as fast as the writer takes it). Memory must not grow with length.
#   scripts/bench-rss.sh [TARGET_BINARY]        (make bench runs it)
set -euo pipefail
bin=${1:-target/release/rehearse}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v sox >/dev/null || { echo "bench-rss: needs sox" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-rss: needs /usr/bin/time (package: time)" >&2; exit 1; }
for minutes in 1 30; do
  sox -n -r 48000 -c 1 -b 16 "$tmp/src.wav" synth $((minutes * 60)) pinknoise vol 0.3
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$tmp/rss" \
    "$bin" -q record "$tmp/out.wav" --input-wav "$tmp/src.wav" --unpaced
  end=$(date +%s%N)
  frames=$(soxi -s "$tmp/out.wav")
  awk -v m="$minutes" -v rss="$(cat "$tmp/rss")" -v f="$frames" -v ns=$((end - start)) \
    'BEGIN { s = ns / 1e9; printf "record %2d min of audio: peak RSS %6d KiB, %d frames in %.2f s (%.0f frames/s)\n", m, rss, f, s, f / s }'
  rm -f "$tmp/out.wav" "$tmp/src.wav"
done
