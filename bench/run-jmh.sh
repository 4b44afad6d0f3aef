#!/usr/bin/env bash
# JMH micro-benchmarks of the hot pieces: request-event serde (Slipstream's vs plain Avro generic),
# latency sketch insert and merge (Slipstream's vs the DDSketch library default), request-bucket
# update and codec, SLO counting and one SLO's evaluation (30-day vs 1-hour period), the slowest
# exemplars' choice (against its previous version), the bad-event breakdown. Short
# configuration: 1 fork, 3 × 1 s warm-up, 5 × 1 s measurement per benchmark. Writes the scores into
# the generated "jmh" section of docs/benchmarks.md.
#
# Usage: bench/run-jmh.sh [--include=SketchJmh] [--forks=1] [--warmup-iterations=3]
#        [--iterations=5] [--iteration-seconds=1]
# Takes about 5 minutes on 2 cores. The serde benchmark starts the Apicurio registry (own JVM).
set -euo pipefail

exec "$(dirname "$0")/run-harness.sh" "-Xms1g -Xmx1g" io.slipstream.bench.JmhBenchmarks \
  --doc=docs/benchmarks.md \
  --command="bench/run-jmh.sh${*:+ $*}" \
  "$@"
