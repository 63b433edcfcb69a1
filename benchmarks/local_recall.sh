#!/bin/bash
# Recall in LOCAL mode on the same world as benchmarks/world_size.sh (issue 12, step 4: local
# must find at least what live finds). usage: benchmarks/local_recall.sh SEED SIZE TREE OUT
# = LOCAL=1 benchmarks/world_size.sh SEED SIZE TREE OUT (see its header). Results in
# OUT/l<SEED>-<SIZE>-<tree>: eval.json, profiles.jsonl, time.txt.
LOCAL=1 exec "$(dirname "$0")/world_size.sh" "$@"
