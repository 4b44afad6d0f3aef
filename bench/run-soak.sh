#!/usr/bin/env bash
# Soak run: the whole local pipeline (embedded Kafka broker, processor and load generator in one JVM,
# the Apicurio registry in its own) under a steady load in real time, sampled every 10 s for heap,
# live heap after GC, RSS, GC count and time, consumer lag and machine load. Writes
# local-run/target/soak/samples.csv and soak.md, and the summary into docs/benchmarks.md between
# its markers. Exits 0 when memory and lag stayed bounded, 3 when they did not.
#
# Usage: bench/run-soak.sh [--duration=10m] [--rate=5000] [--sample-interval=10s] [--doc=FILE]
# Environment: SLIPSTREAM_SKIP_BUILD=1 runs what was built last; JAVA_OPTS adds JVM options.
# Loopback only; nothing leaves the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${SLIPSTREAM_SKIP_BUILD:-0}" != "1" ]]; then
  # Tests are neither compiled nor run: the harness needs main code only.
  ./mvnw -B -q package -pl local-run -am -Dmaven.test.skip=true -Dspotless.apply.skip=true
fi

exec java ${JAVA_OPTS:-} -Xmx1g \
  -Dslipstream.apicurio.home="$PWD/local-stack/target/apicurio" \
  -Dslipstream.log.file="$PWD/local-run/target/soak.log" \
  -cp "local-run/target/slipstream-local-run.jar:local-run/target/lib/*" \
  io.slipstream.localrun.soak.SoakMain \
  --doc=docs/benchmarks.md \
  --command="bench/run-soak.sh" \
  "$@"
