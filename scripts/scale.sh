#!/usr/bin/env bash
# The scaling benchmark: builds the release binary, then measures index build, start-up,
# memory, question latency and throughput at N = 1, 100, 1,000 and 10,000 generated
# articles (scripts/scale.py; pass other sizes as arguments: scripts/scale.sh 1 100000).
# Uses wrk when installed (apt-get install wrk), else a Python load generator.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin lanzhou-qa
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then sizes=(1 100 1000 10000); fi
exec python3 scripts/scale.py --sizes "${sizes[@]}" --work "${LANZHOU_QA_SCALE_WORK:-/tmp/lanzhou-scale}"
