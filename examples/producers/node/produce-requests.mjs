#!/usr/bin/env node
// Produces request events to Slipstream's request-events topic from Node.js: kafkajs for Kafka,
// @kafkajs/confluent-schema-registry (avsc inside) for the schema registry and the Confluent wire
// format. Both are plain JavaScript: `npm install` needs the npm registry and nothing else.
//
// The value schema is the standalone RequestEvent.avsc (every named type inlined), read from
// schemas/src/main/avro-standalone in this repository unless --schema names another file. It is
// looked up, not registered, under <topic>-value, where the Slipstream processor registered it
// when it set up its topics; --use-latest-version takes the subject's latest version instead.
//
// Prints one JSON line when done, e.g.
//   {"topic":"request-events","service":"orders","produced":100,"errors":10,...}
// Exit code 0 when every event was acknowledged, 1 otherwise, 2 on a usage error.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';

const HERE = dirname(fileURLToPath(import.meta.url));
const STANDALONE_SCHEMA = resolve(HERE, '../../../schemas/src/main/avro-standalone/RequestEvent.avsc');
const BATCH = 500;

const USAGE = `Usage: node produce-requests.mjs [options]
  --bootstrap-servers HOST:PORT[,...]  Kafka (default 127.0.0.1:9092)
  --schema-registry-url URL            Confluent-compatible registry API, e.g.
                                       http://127.0.0.1:PORT/apis/ccompat/v7 for Apicurio
                                       (default http://127.0.0.1:8081)
  --topic-prefix PREFIX                prefix of Slipstream's topics (default none)
  --service NAME                       service name (default orders)
  --operation NAME                     operation of every event (default "GET /items")
  --count N                            events to produce (default 100)
  --error-ratio R                      fraction that fail, 0 to 1: exactly round(N * R) of them,
                                       spread evenly (default 0)
  --spread-seconds S                   event times spread evenly over S seconds (default 60)
  --end-time ISO                       event time of the last event, with an offset (default now)
  --schema FILE                        the standalone schema (default ${STANDALONE_SCHEMA})
  --use-latest-version                 write with the subject's latest schema instead of looking
                                       this one up`;

function usage(message) {
  console.error(`produce-requests: ${message}\n${USAGE}`);
  process.exit(2);
}

function number(value, name, min, max) {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
    usage(`${name} must be a number between ${min} and ${max}, was ${value}`);
  }
  return parsed;
}

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'bootstrap-servers': { type: 'string', default: '127.0.0.1:9092' },
        'schema-registry-url': { type: 'string', default: 'http://127.0.0.1:8081' },
        'topic-prefix': { type: 'string', default: '' },
        service: { type: 'string', default: 'orders' },
        operation: { type: 'string', default: 'GET /items' },
        count: { type: 'string', default: '100' },
        'error-ratio': { type: 'string', default: '0' },
        'spread-seconds': { type: 'string', default: '60' },
        'end-time': { type: 'string' },
        schema: { type: 'string', default: STANDALONE_SCHEMA },
        'use-latest-version': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    usage(e.message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const count = number(values.count, '--count', 0, Number.MAX_SAFE_INTEGER);
  if (!Number.isInteger(count)) usage('--count must be a whole number');
  let endMs = Date.now();
  if (values['end-time'] !== undefined) {
    // An ISO-8601 time without an offset would be read as local time: refuse it.
    if (!/(Z|[+-]\d\d:\d\d)$/.test(values['end-time']) || Number.isNaN(Date.parse(values['end-time']))) {
      usage('--end-time must be ISO-8601 with an offset, e.g. 2026-12-06T18:00:00Z');
    }
    endMs = Date.parse(values['end-time']);
  }
  return {
    bootstrapServers: values['bootstrap-servers'].split(','),
    registryUrl: values['schema-registry-url'],
    topic: `${values['topic-prefix']}request-events`,
    service: values.service,
    operation: values.operation,
    count,
    errors: Math.round(count * number(values['error-ratio'], '--error-ratio', 0, 1)),
    spreadMs: Math.round(number(values['spread-seconds'], '--spread-seconds', 0, 1e9) * 1000),
    endMs,
    schemaFile: values.schema,
    useLatestVersion: values['use-latest-version'],
  };
}

/** Whether event `index` of `count` is one of the `errors`: exactly that many are, spread evenly. */
function isError(index, count, errors) {
  return Math.floor(((index + 1) * errors) / count) !== Math.floor((index * errors) / count);
}

/**
 * One RequestEvent as avsc writes it. `timestamp` (a timestamp-millis long) is epoch milliseconds
 * as a number: avsc applies no logical type unless told to, so a Date would be refused. Optional
 * fields are plain values or null (avsc unwraps unions of null and one type). Every field is given,
 * attributes too.
 */
function requestEvent(options, eventMs, failed) {
  return {
    service: options.service,
    operation: options.operation,
    timestamp: eventMs,
    latencyMicros: failed ? 50_000 + Math.floor(Math.random() * 450_000) : 1_000 + Math.floor(Math.random() * 49_000),
    statusCode: failed ? 503 : 200,
    outcome: failed ? 'ERROR' : 'SUCCESS',
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    instance: `${options.service}-1`,
    region: null,
    zone: null,
    attributes: { producer: 'node' },
  };
}

async function schemaId(registry, options) {
  const subject = `${options.topic}-value`;
  try {
    if (options.useLatestVersion) {
      return await registry.getLatestSchemaId(subject);
    }
    // Compact JSON: the text Slipstream registered (Java's Schema.toString()), for registries that
    // compare schemas by text.
    const schema = JSON.stringify(JSON.parse(readFileSync(options.schemaFile, 'utf8')));
    return await registry.getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema });
  } catch (e) {
    throw new Error(
      `the registry at ${options.registryUrl} has no such schema under ${subject} (${e.message}).` +
        ' The Slipstream processor registers it when it sets up its topics: start it once.',
    );
  }
}

async function main() {
  const options = parseOptions();
  const registry = new SchemaRegistry({ host: options.registryUrl });
  const id = await schemaId(registry, options);

  const kafka = new Kafka({
    clientId: 'slipstream-example-node',
    brokers: options.bootstrapServers,
    logLevel: logLevel.WARN,
  });
  // Keyed by service, each service's events must land in the partition Java's partitioner picks
  // (murmur2), like every other producer's and the resource samples: one task holds all of a
  // service's state. kafkajs 2's DefaultPartitioner is that one; named here, not left to chance.
  const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  let produced = 0;
  let firstMs = null;
  let lastMs = null;
  try {
    for (let start = 0; start < options.count; start += BATCH) {
      const messages = [];
      for (let index = start; index < Math.min(start + BATCH, options.count); index++) {
        // Evenly over [end - spread, end], the last event at end exactly, in whole milliseconds.
        const eventMs = options.endMs - Math.floor((options.spreadMs * (options.count - 1 - index)) / options.count);
        const event = requestEvent(options, eventMs, isError(index, options.count, options.errors));
        messages.push({ key: options.service, value: await registry.encode(id, event) });
        firstMs ??= eventMs;
        lastMs = eventMs;
      }
      await producer.send({ topic: options.topic, acks: -1, messages });
      produced += messages.length;
    }
  } finally {
    await producer.disconnect();
  }
  console.log(
    JSON.stringify({
      topic: options.topic,
      service: options.service,
      operation: options.operation,
      produced,
      errors: options.errors,
      schema_id: id,
      first_event_ms: firstMs,
      last_event_ms: lastMs,
    }),
  );
}

main().catch((e) => {
  console.error(`produce-requests: ${e.message}`);
  process.exit(1);
});
