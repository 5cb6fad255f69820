#!/usr/bin/env bash
# Time `rehearse analyze` against ffmpeg's silencedetect on the same one-hour 16 kHz mono
# WAV, side by side, several rounds.
#   scripts/bench-vs-ffmpeg.sh [ROUNDS]        (or: make bench-analysis)
# Needs sox and ffmpeg. The hour is the speech fixtures repeated with silences between.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
for tool in sox ffmpeg; do
  command -v "$tool" >/dev/null || { echo "bench-vs-ffmpeg: needs $tool" >&2; exit 1; }
done
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
f=tests/fixtures/speech
sox -n -r 16000 -c 1 -b 16 "$work/gap.wav" trim 0 1
sox "$f/pauses-2.wav" "$work/gap.wav" "$f/noisy.wav" "$work/gap.wav" \
    "$f/rate-140.wav" "$work/gap.wav" "$f/rate-200.wav" "$work/gap.wav" "$work/cycle.wav"
n=$(awk -v d="$(soxi -D "$work/cycle.wav")" 'BEGIN { print int(3600 / d) }')
sox "$work/cycle.wav" "$work/hour.wav" repeat "$n" trim 0 3600
cat "$work/hour.wav" >/dev/null # into the page cache for both
echo "file: one hour, 16 kHz mono, $(du -h "$work/hour.wav" | cut -f1)"
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
ours=() theirs=()
for i in $(seq "$rounds"); do
  ours+=("$(secs target/release/rehearse analyze "$work/hour.wav" --json)")
  theirs+=("$(secs ffmpeg -nostdin -i "$work/hour.wav" -af silencedetect=noise=-40dB:d=0.3 -f null -)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
printf 'rehearse analyze          median %.3f s   (%s)\n' "$(median "${ours[@]}")" "$(printf '%.3f ' "${ours[@]}")"
printf 'ffmpeg silencedetect      median %.3f s   (%s)\n' "$(median "${theirs[@]}")" "$(printf '%.3f ' "${theirs[@]}")"
