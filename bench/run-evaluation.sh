#!/usr/bin/env bash
# SLO evaluation cost: builds the bench module and what it needs, starts the Apicurio registry in
# its own JVM, and for 1k, 10k and 100k SLOs (30-day period) and for 10k SLOs with a 1-hour against
# a 30-day period, drives the production topology (TopologyTestDriver, RocksDB stores) until every
# SLO is accounted, then times evaluation ticks and the heap per SLO. Writes the figures into the
# generated "evaluation" section of docs/benchmarks.md.
#
# Usage: bench/run-evaluation.sh [--slos=1000,10000,100000] [--periods=30d,1h] [--period-slos=10000]
#        [--ticks=8] [--warmup-ticks=2] [--per-service=10] [--quiet-timeout-seconds=20]
# Takes about 2–4 minutes on 2 cores. Loopback only.
set -euo pipefail

exec "$(dirname "$0")/run-harness.sh" "-Xms3g -Xmx3g -XX:+UseParallelGC" io.slipstream.bench.EvaluationBenchmark \
  --doc=docs/benchmarks.md \
  --command="bench/run-evaluation.sh${*:+ $*}" \
  "$@"
