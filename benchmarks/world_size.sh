#!/bin/bash
# The cost of 1,000 debtors as the world grows (issue 17; benchmarks/results/enrich_world_size.md).
# usage: benchmarks/world_size.sh SEED SIZE TREE OUT   (TREE: a checkout of the commit to measure)
# Generates the SIZE-debtor world of SEED (once, under OUT), serves it with 50 ms added to every
# request, enriches its first 1,000 debtors with TREE's code under /usr/bin/time -v, evaluates
# them against their truth. CONC (default 16) sets --concurrency, WORKERS (default 1) --workers.
# Results in OUT/r<SEED>-<SIZE>-<tree>[-c<CONC>][-w<WORKERS>]; each process's CPU in cpu.json
# (benchmarks/process_cpu.py), the whole machine's in machine_cpu.txt.
# LOCAL=1: local mode (issue 12 step 4: local must find at least what live finds): the land and
# vehicle extracts of the whole world imported and the register harvested into the run's store
# first (benchmarks/enrich.py prepare_local: the agency's own copies, searched by name too), those
# three sources then answered from it, directory, notices and geocoder off. Results in OUT/l<...>.
set -e
SEED=$1; N=$2; TREE=$(cd "$3" && pwd); OUT=$(mkdir -p "$4" && cd "$4" && pwd)
BENCH=$(cd "$(dirname "$0")" && pwd)
PY=${PY:-$BENCH/../.venv/bin/python}
KIND=r; if [ -n "$LOCAL" ]; then KIND=l; fi
W=$OUT/w$SEED-$N; R=$OUT/$KIND$SEED-$N-$(basename "$TREE")${CONC:+-c$CONC}${WORKERS:+-w$WORKERS}
cd "$TREE"; export PYTHONPATH=$TREE
[ -f "$W/portfolio.csv" ] || $PY -m skiptrace.sandbox generate --seed "$SEED" --debtors "$N" --out "$W" > /dev/null
head -1001 "$W/portfolio.csv" > "$W/first1k.csv"; head -1000 "$W/truth.jsonl" > "$W/first1k_truth.jsonl"
rm -rf "$R"; mkdir -p "$R"
$PY -m skiptrace sandbox serve --world "$W" --fault '*:latency=0.05' > "$R/sb.log" 2>&1 &
SB=$!
trap 'kill $SB 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -q SANDBOX_URL= "$R/sb.log" 2>/dev/null && break; sleep 1; done
URL=$(grep -o 'SANDBOX_URL=[^ ]*' "$R/sb.log" | cut -d= -f2)
if [ -n "$LOCAL" ]; then
  $PY -c "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); from enrich import prepare_local; prepare_local(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], Path(sys.argv[5]))" \
    "$BENCH" "$W" "$R" "$URL" "$TREE"
  export SKIPTRACE_CONFIG=$R/local.toml
fi
$PY "$BENCH/process_cpu.py" "$R/cpu.json" > /dev/null &  # each process's CPU apart (session 23)
WATCH=$!
trap 'kill $SB 2>/dev/null || true; kill -TERM $WATCH 2>/dev/null || true' EXIT
BEFORE=$(head -1 /proc/stat)
SKIPTRACE_SANDBOX_URL=$URL SKIPTRACE_OPERATOR=bench SKIPTRACE_PURPOSE=benchmark /usr/bin/time -v \
  $PY -m skiptrace --lang en enrich "$W/first1k.csv" --db "$R/store.db" --out "$R/profiles.jsonl" \
  --rejects "$R/rej.csv" --as-of 2026-11-27T09:00:00+00:00 --json --quiet \
  --concurrency "${CONC:-16}" --workers "${WORKERS:-1}" > "$R/summary.json" 2> "$R/time.txt" || true
ps -o cputime= -p $SB > "$R/sandbox_cpu.txt" || true
# the whole machine's CPU over the batch (enrich, its crawl children, the sandbox: every
# process, so a noisy run shows as more CPU for the same work; benchmarks/results/batch_session22.md)
$PY -c "import sys; b, a = ([int(x) for x in s.split()[1:]] for s in sys.argv[1:3]); \
d = [y - x for x, y in zip(b, a)]; print(f'machine_cpu_s {(d[0] + d[1] + d[2] + d[5] + d[6]) / 100:.2f} idle_s {d[3] / 100:.2f}')" \
  "$BEFORE" "$(head -1 /proc/stat)" > "$R/machine_cpu.txt" || true
kill -TERM $WATCH 2>/dev/null || true; wait $WATCH 2>/dev/null || true
$PY -m skiptrace evaluate --profiles "$R/profiles.jsonl" --truth "$W/first1k_truth.jsonl" --json > "$R/eval.json"
echo "$R"
