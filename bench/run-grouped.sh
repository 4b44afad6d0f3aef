#!/usr/bin/env bash
# Grouped SLOs: what one SLO grouped by customer costs.
#  1. Throughput: the same load (3 M request events, each from one of 100,000 customers, a fifth of
#     them to service-00) processed by Slipstream with the 20 availability SLOs, then again with one
#     more SLO on service-00 grouped by customer; each run times the Kafka Streams floor on the same
#     topic too, so the two runs compare as ratios to their own floor.
#  2. Evaluation and heap: GroupedEvaluationBenchmark, 100,000 and 1,000,000 instances of one grouped
#     SLO in the production topology (TopologyTestDriver, RocksDB): time per tick, heap per instance.
# Prints the throughput results' paths and the evaluation table. Takes about 15 minutes on 2 cores.
#
# Usage: bench/run-grouped.sh [--events=3000000] [--customers=100000]
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -pl bench -am package -Dmaven.test.skip=true
classpath="bench/target/slipstream-bench.jar:bench/target/lib/*"
apicurio="-Dslipstream.apicurio.home=$PWD/local-stack/target/apicurio"
load="--events=3000000 --customers=100000 --first-service-share=0.2"
common="--variants=streams-decode-only,slipstream --repeats=2 --jfr=false --variant-heap=2g"

for mode in without with; do
  grouped=""
  [ "$mode" = with ] && grouped="--grouped-slo=true"
  java -Xms1g -Xmx1g "$apicurio" -cp "$classpath" io.slipstream.bench.ThroughputBenchmark \
    $load $common $grouped "$@" --out="target/grouped-throughput/$mode-grouped-slo"
done
echo "results: target/grouped-throughput/{without,with}-grouped-slo/results.json"

java -Xms10g -Xmx10g -XX:+UseParallelGC "$apicurio" -cp "$classpath" \
  io.slipstream.bench.GroupedEvaluationBenchmark --groups=100000,1000000 --ticks=6
