#!/bin/sh
# Runs the main class named by SLIPSTREAM_MAIN with the arguments given to the container.
# exec: the JVM is PID 1's child no more, but PID 1 itself, so `docker stop` (SIGTERM) reaches its
# shutdown hooks and every application closes cleanly.
set -eu
# shellcheck disable=SC2086 # JAVA_OPTS holds several options on purpose
exec java ${JAVA_OPTS:-} -cp "/app/slipstream-local-run.jar:/app/lib/*" "${SLIPSTREAM_MAIN:?set SLIPSTREAM_MAIN to a main class}" "$@"
