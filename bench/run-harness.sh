#!/usr/bin/env bash
# Shared by the bench/run-*.sh scripts: builds the bench module and what it needs (main code only,
# no tests), then runs a harness class on its runtime class path with the Apicurio registry
# distribution that local-stack unpacked.
#
# Usage: bench/run-harness.sh "<JVM options>" <main class> [harness arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."

jvm_options="$1"
main_class="$2"
shift 2

./mvnw -B -q -pl bench -am package -Dmaven.test.skip=true

# shellcheck disable=SC2086 # the JVM options are a list of words
exec java $jvm_options \
  -Dslipstream.apicurio.home="$PWD/local-stack/target/apicurio" \
  -cp "bench/target/slipstream-bench.jar:bench/target/lib/*" \
  "$main_class" "$@"
