#!/bin/bash
# A prepared local store for the batch benchmarks (issue 17): the world of SEED with N debtors,
# its land and vehicle extracts imported and the company register harvested into OUT/prep/store.db
# with OUT/prep/local.toml (benchmarks/enrich.py prepare_local), the world in OUT/w.
# usage: benchmarks/prepare_local.sh SEED N OUT [TREE]   (TREE: the checkout whose code imports;
# default this one). 10^5 debtors take about an hour on the 2-core machine, most of it the harvest.
# The store is at TREE's schema: copy it (sqlite backup, as the benchmarks do) before newer code
# migrates it.
set -e
SEED=$1; N=$2; OUT=$(mkdir -p "$3" && cd "$3" && pwd)
BENCH=$(cd "$(dirname "$0")" && pwd)
TREE=$(cd "${4:-$BENCH/..}" && pwd)
PY=${PY:-$BENCH/../.venv/bin/python}
W=$OUT/w; P=$OUT/prep
cd "$TREE"; export PYTHONPATH=$TREE
[ -f "$W/portfolio.csv" ] || $PY -m skiptrace.sandbox generate --seed "$SEED" --debtors "$N" --out "$W" > /dev/null
rm -rf "$P"; mkdir -p "$P"
$PY -m skiptrace sandbox serve --world "$W" > "$OUT/sb.log" 2>&1 &
SB=$!
trap 'kill $SB 2>/dev/null || true' EXIT
for _ in $(seq 1 1200); do grep -q SANDBOX_URL= "$OUT/sb.log" 2>/dev/null && break; sleep 1; done
URL=$(grep -o 'SANDBOX_URL=[^ ]*' "$OUT/sb.log" | cut -d= -f2)
$PY -c "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); from enrich import prepare_local; prepare_local(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], Path(sys.argv[5]))" \
  "$BENCH" "$W" "$P" "$URL" "$TREE"
echo "$P"
