#!/usr/bin/env bash
# Scale-out benchmark: one preloaded topic processed by Slipstream in 1, 2 and 3 JVMs at once (one
# Kafka Streams application), reporting the rate, the CPU per event over all instances and each
# instance's share of it. Builds the bench module first.
#
# Usage: bench/run-scale-out.sh [--events=2000000] [--partitions=6] [--instances=1,2,3] [--repeats=2]
#        [--slipstream-overrides=num.standby.replicas=0] ...  (other flags: BenchmarkOptions)
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -pl bench -am package -Dmaven.test.skip=true

exec java -Xms512m -Xmx512m \
  -Dslipstream.apicurio.home="$PWD/local-stack/target/apicurio" \
  -cp "bench/target/slipstream-bench.jar:bench/target/lib/*" \
  io.slipstream.bench.ScaleOutBenchmark \
  --out=bench/target/scale-out --partitions=6 --repeats=2 --variant-heap=768m \
  "$@"
