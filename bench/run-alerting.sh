#!/usr/bin/env bash
# Alert latency and footprint on the real stack: builds the bench module, starts a Kafka broker in
# its own JVM, the Apicurio registry and Slipstream's processor; gives 20 services (one 99.9 % SLO
# each) an hour of clean history, then live traffic and one outage each, 7 s apart; measures how
# long after the page condition became true each page arrives on slo-alerts, then RSS, state size
# and the time to restore all state from the changelogs with the state directory deleted. Writes
# the figures into the generated "alerting" section of docs/benchmarks.md.
#
# Usage: bench/run-alerting.sh [--services=20] [--rate=10] [--history-minutes=60] [--stagger-seconds=7]
#        [--settle-seconds=0]  (settled evaluation: each tick evaluated once every input is that far past it)
# Takes about 4 minutes. Loopback only.
set -euo pipefail

exec "$(dirname "$0")/run-harness.sh" "-Xms1g -Xmx1g" io.slipstream.bench.AlertLatencyBenchmark \
  --out=bench/target/alerting \
  --doc=docs/benchmarks.md \
  --command="bench/run-alerting.sh${*:+ $*}" \
  "$@"
