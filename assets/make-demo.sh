#!/usr/bin/env bash
# Regenerate assets/demo-answer.wav, the sample answer `rehearse run --demo` uses as its
# microphone. Needs espeak-ng and sox (Debian packages). 16 kHz mono 16-bit, about 11 s.
set -euo pipefail
cd "$(dirname "$0")"
text="Last spring our checkout service failed every evening at peak load, and I owned the fix.
I traced it to a connection pool that was far too small, raised the limit, and added an alert.
Errors fell from two percent to almost zero within a week."
espeak-ng -s 165 -v en-us -w /tmp/demo-raw.wav "$text"
sox /tmp/demo-raw.wav -r 16000 -c 1 -b 16 demo-answer.wav pad 0.4 0.6 gain -n -3
soxi -D demo-answer.wav
