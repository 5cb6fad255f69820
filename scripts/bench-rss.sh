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

# The same through cpal and the fake ALSA microphone (tests/alsa/), which is unpaced too
# (~3000x real time, no back-pressure). Long runs here may show drops: at that speed the
# 30 s ring is ~10 ms of slack, less than the kernel's dirty-page throttling of a writer
# producing ~280 MB/s. At real time the writer produces 96 KB/s.
head -c $((48000 * 2 * 1900)) /dev/urandom > "$tmp/mic.raw"
sed -e "s|@MIC_RAW@|$tmp/mic.raw|" -e "s|@SPK_RAW@|$tmp/spk.raw|" -e "s|@RATE@|48000|" \
  tests/alsa/asound.conf.in > "$tmp/asound.conf"
for minutes in 1 30; do
  ALSA_CONFIG_PATH="/usr/share/alsa/alsa.conf:$tmp/asound.conf" /usr/bin/time -f "%M %e" -o "$tmp/rss" \
    "$bin" record "$tmp/out.wav" --device alsa:fakemic --seconds $((minutes * 60)) 2> "$tmp/err"
  read -r rss secs < "$tmp/rss"
  printf 'fake ALSA mic %2d min: peak RSS %6d KiB in %s s; %s\n' "$minutes" "$rss" "$secs" \
    "$(grep -o 'dropped [0-9]*, xruns [0-9]*' "$tmp/err")"
  rm -f "$tmp/out.wav"
done
