#!/usr/bin/python3
"""Produces request events to Slipstream's request-events topic with Confluent's Python client.

Written for Debian's python3-confluent-kafka package (hence /usr/bin/python3, not whichever python3
is first on PATH); works as well with confluent-kafka from pip, 1.7 or later. The Avro serializer of
either imports fastavro, which Debian 12 does not package: see README.md beside this file.

The value schema is the standalone RequestEvent.avsc (every named type inlined), read from
schemas/src/main/avro-standalone in this repository unless --schema names another file. The
serializer does not register it: it looks it up under <topic>-value, where the Slipstream processor
registered it when it set up its topics (--auto-register registers it instead).

Prints one JSON line when done: what was produced, e.g.
  {"topic": "request-events", "service": "orders", "produced": 100, "errors": 10, ...}
Exit code 0 when every event was acknowledged, 1 otherwise, 2 on a usage error.
"""

import argparse
import datetime
import itertools
import json
import pathlib
import random
import sys

from confluent_kafka import Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.serialization import MessageField, SerializationContext, StringSerializer

REPOSITORY = pathlib.Path(__file__).resolve().parents[3]
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
STANDALONE_SCHEMA = REPOSITORY / "schemas" / "src" / "main" / "avro-standalone" / "RequestEvent.avsc"


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Produce request events for one service to Slipstream's request-events topic.")
    parser.add_argument("--bootstrap-servers", default="127.0.0.1:9092",
                        help="Kafka bootstrap servers (default: %(default)s)")
    parser.add_argument("--schema-registry-url", default="http://127.0.0.1:8081",
                        help="Confluent-compatible registry API, e.g. "
                             "http://127.0.0.1:PORT/apis/ccompat/v7 for Apicurio (default: %(default)s)")
    parser.add_argument("--topic-prefix", default="",
                        help="prefix of Slipstream's topics (slipstream.topic.prefix; default: none)")
    parser.add_argument("--service", default="orders", help="service name (default: %(default)s)")
    parser.add_argument("--operation", default="GET /items",
                        help="operation (route template) of every event (default: %(default)s)")
    parser.add_argument("--count", type=int, default=100, help="events to produce (default: %(default)s)")
    parser.add_argument("--error-ratio", type=float, default=0.0,
                        help="fraction of the events that fail, 0 to 1; exactly round(count * ratio) "
                             "of them, spread evenly (default: %(default)s)")
    parser.add_argument("--spread-seconds", type=float, default=60.0,
                        help="event times are spread evenly over this many seconds, ending at "
                             "--end-time (default: %(default)s)")
    parser.add_argument("--end-time", default=None,
                        help="event time of the last event, ISO-8601 with an offset "
                             "(e.g. 2026-12-06T18:00:00Z); default: now")
    parser.add_argument("--schema", type=pathlib.Path, default=STANDALONE_SCHEMA,
                        help="the standalone RequestEvent schema (default: %(default)s)")
    parser.add_argument("--auto-register", action="store_true",
                        help="register the schema if it is not registered (default: only look it up)")
    parser.add_argument("--use-latest-version", action="store_true",
                        help="write with the subject's latest registered schema instead of looking "
                             "this one up (needs confluent-kafka 1.8 or later)")
    parser.add_argument("--seed", type=int, default=1,
                        help="seed of the latencies and trace ids (default: %(default)s)")
    parser.add_argument("--timeout-seconds", type=float, default=30.0,
                        help="how long to wait for the broker to acknowledge (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must not be negative")
    if not 0.0 <= args.error_ratio <= 1.0:
        parser.error("--error-ratio must be between 0 and 1")
    if args.spread_seconds < 0:
        parser.error("--spread-seconds must not be negative")
    if args.end_time is not None:
        try:
            args.end_time = datetime.datetime.fromisoformat(args.end_time.replace("Z", "+00:00"))
        except ValueError:
            parser.error("--end-time must be ISO-8601, e.g. 2026-12-06T18:00:00Z")
        if args.end_time.tzinfo is None:
            parser.error("--end-time needs an offset (Z or +01:00): a time without one is ambiguous")
    return args


def epoch_millis(instant):
    """Milliseconds since the epoch of a timezone-aware datetime, in integer arithmetic."""
    return (instant - EPOCH) // datetime.timedelta(milliseconds=1)


def load_schema(path):
    """The schema as compact JSON: the text Slipstream registered (Java's Schema.toString()), so a
    registry that compares schemas by text finds it."""
    with open(path, encoding="utf-8") as schema_file:
        return json.dumps(json.load(schema_file), separators=(",", ":"), ensure_ascii=False)


def is_error(index, count, errors):
    """Whether event index (0-based) of count is one of the errors: exactly errors of them are, spread
    evenly (integer arithmetic, so the total is exact whatever the ratio)."""
    return (index + 1) * errors // count != index * errors // count


def request_event(args, event_time, failed, rng):
    """One RequestEvent as the Avro serializer takes it: a dict with a value for every field.

    timestamp is a timestamp-millis long: fastavro takes a timezone-aware datetime (or epoch
    milliseconds as an int). A naive datetime would be read as local time, so it is never used.
    attributes has a default in the schema, but every field is given explicitly: the schema's
    defaults are for readers, and not every serializer fills them in for writers.
    """
    return {
        "service": args.service,
        "operation": args.operation,
        "timestamp": event_time,
        "latencyMicros": rng.randint(1_000, 50_000) if not failed else rng.randint(50_000, 500_000),
        "statusCode": 503 if failed else 200,
        "outcome": "ERROR" if failed else "SUCCESS",
        "traceId": "%032x" % rng.getrandbits(128),
        "spanId": "%016x" % rng.getrandbits(64),
        "instance": args.service + "-1",
        "region": None,
        "zone": None,
        "attributes": {"producer": "python"},
    }


def main(argv):
    args = parse_args(argv)
    topic = args.topic_prefix + "request-events"
    registry = SchemaRegistryClient({"url": args.schema_registry_url})
    serializer_conf = {"auto.register.schemas": args.auto_register}
    if args.use_latest_version:
        serializer_conf["use.latest.version"] = True
    try:
        value_serializer = AvroSerializer(registry, load_schema(args.schema), conf=serializer_conf)
    except ValueError as e:
        print(f"produce_requests: this confluent-kafka cannot do that: {e}", file=sys.stderr)
        return 2
    key_serializer = StringSerializer("utf_8")
    key_context = SerializationContext(topic, MessageField.KEY)
    value_context = SerializationContext(topic, MessageField.VALUE)
    end_ms = epoch_millis(args.end_time or datetime.datetime.now(datetime.timezone.utc))
    spread_ms = round(args.spread_seconds * 1000)
    errors = round(args.count * args.error_ratio)
    rng = random.Random(args.seed)

    def serialized_events():
        """(event time in ms, serialized value) of each event, in order."""
        for index in range(args.count):
            # Evenly over [end - spread, end], the last event at end exactly, in whole milliseconds.
            event_ms = end_ms - spread_ms * (args.count - 1 - index) // args.count
            event_time = EPOCH + datetime.timedelta(milliseconds=event_ms)
            event = request_event(args, event_time, is_error(index, args.count, errors), rng)
            yield event_ms, value_serializer(event, value_context)

    events = serialized_events()
    try:
        # The first event asks the registry for the schema id: fail before connecting to Kafka.
        first = next(events, None)
    except SchemaRegistryError as e:
        print(f"produce_requests: the registry refused the schema under {topic}-value: {e}\n"
              "  The Slipstream processor registers it when it sets up its topics: start it once,"
              " or pass --auto-register.", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"produce_requests: cannot reach the schema registry at {args.schema_registry_url}:"
              f" {e}", file=sys.stderr)
        return 1

    producer = Producer({
        "bootstrap.servers": args.bootstrap_servers,
        # Keyed by service, each service's events must land in the partition Java's partitioner picks
        # (murmur2), like those of every other producer and the resource samples: one task holds all
        # of a service's state. librdkafka's default (consistent_random, CRC32) picks another.
        "partitioner": "murmur2_random",
        "acks": "all",
        "enable.idempotence": True,
        "linger.ms": 5,
    })
    failures = []

    def delivered(err, _msg):
        if err is not None:
            failures.append(str(err))

    key = key_serializer(args.service, key_context)
    first_ms = last_ms = None
    for event_ms, value in itertools.chain([first] if first else [], events):
        first_ms = event_ms if first_ms is None else first_ms
        last_ms = event_ms
        while True:
            try:
                producer.produce(topic, key=key, value=value, on_delivery=delivered)
                break
            except BufferError:
                producer.poll(0.1)  # the local queue is full: let deliveries drain it
        producer.poll(0)

    remaining = producer.flush(args.timeout_seconds)
    summary = {
        "topic": topic,
        "service": args.service,
        "operation": args.operation,
        "produced": args.count - remaining - len(failures),
        "errors": errors,
        "first_event_ms": first_ms,
        "last_event_ms": last_ms,
    }
    print(json.dumps(summary), flush=True)
    if remaining or failures:
        print(f"produce_requests: {remaining} events not acknowledged within {args.timeout_seconds} s,"
              f" {len(failures)} refused: {failures[:3]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
