#!/usr/bin/env bash
# End-to-end throughput benchmark (issue 8, part 1): builds the bench module and what it needs,
# then starts a Kafka broker and the Apicurio registry (each in its own JVM), loads the input topic,
# times the physical limit, Slipstream and the naive DSL baseline one after the other, profiles
# Slipstream with JFR, and writes the figures into the generated section of docs/benchmarks.md.
#
# Usage: bench/run-throughput.sh [--events=5000000] [--variants=plain-consumer,slipstream,...]
#        [--baseline-time-limit-seconds=120] [--jfr=false] [--doc=] ...  (see BenchmarkOptions)
# The workload: 5 M request events of 100 services, 20 availability SLOs plus one grouped by customer
# over 10,000 customers, 10 % of events traced, one in a thousand 2–5 minutes late (past the grace
# period). Any option given overrides these.
# Takes 6–10 minutes for 5 M events on 2 cores. Loopback only; nothing leaves the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

# Tests are neither compiled nor run: the harness needs main code only.
./mvnw -B -q -pl bench -am package -Dmaven.test.skip=true

exec java -Xms1g -Xmx1g \
  -Dslipstream.apicurio.home="$PWD/local-stack/target/apicurio" \
  -cp "bench/target/slipstream-bench.jar:bench/target/lib/*" \
  io.slipstream.bench.ThroughputBenchmark \
  --out=bench/target/throughput \
  --doc=docs/benchmarks.md \
  --customers=10000 --grouped-slo=true --late-share=0.001 \
  --command="bench/run-throughput.sh${*:+ $*}" \
  "$@"
