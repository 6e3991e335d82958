// What tracing costs a store operation: the same call with nobody subscribed, with a no-op
// diagnostics_channel subscriber on every operation channel, and with @tokenstore/otel feeding the
// OpenTelemetry SDK (batched spans to a discarding exporter, metrics aggregated in memory), in
// interleaved rounds of one run. Reported as ratios to "no subscriber", with the spread over
// blocks of rounds. Run: pnpm --filter @tokenstore/bench bench:tracing [--quick]
import { tracingChannel } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { operationChannelName, type TokenStore, TRACED_OPERATIONS } from '@tokenstore/core';
import { instrumentTokenStores } from '@tokenstore/otel';
import { MemoryTokenStore } from '@tokenstore/store-memory';
import { SqliteTokenStore } from '@tokenstore/store-sqlite';
import { LatencyLog, quantile } from './stats.js';

type Variant = 'none' | 'channel' | 'otel';
const VARIANTS: readonly Variant[] = ['none', 'channel', 'otel'];
const BLOCKS = 6;

/** Spans go nowhere: the cost measured is the SDK's, not an exporter's network I/O. */
class DiscardingExporter implements SpanExporter {
  export(_spans: ReadableSpan[], done: (result: { code: number }) => void): void {
    done({ code: 0 });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Subscribes a variant's listeners; returns what unsubscribes them. */
function subscribeVariant(variant: Variant, otel: Otel): () => void {
  if (variant === 'none') return () => {};
  if (variant === 'otel') {
    const instrumentation = instrumentTokenStores(otel);
    return () => instrumentation.disable();
  }
  const noop = () => {};
  const handlers = { start: noop, end: noop, asyncStart: noop, asyncEnd: noop, error: noop };
  const channels = TRACED_OPERATIONS.map((op) => tracingChannel(operationChannelName(op)));
  for (const channel of channels) channel.subscribe(handlers);
  return () => {
    for (const channel of channels) channel.unsubscribe(handlers);
  };
}

interface Otel {
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider;
}

function median(values: Float64Array): number {
  return quantile(values.slice().sort(), 0.5);
}

interface Row {
  store: string;
  operation: string;
  p50Us: Record<Variant, number>;
  /** p50 of the variant over p50 of `none`, over the whole run and per block of rounds. */
  ratio: Record<'channel' | 'otel', { all: number; blocks: number[] }>;
  opsPerVariant: number;
}

/** Interleaved rounds of every variant (the order rotates per round), `rounds` in all. */
async function measure(
  store: string,
  operation: string,
  call: () => Promise<unknown>,
  otel: Otel,
  rounds: number,
  roundOps: number,
): Promise<Row> {
  for (let i = 0; i < 2_000; i++) await call(); // JIT, caches
  const logs = new Map(VARIANTS.map((v) => [v, new LatencyLog()]));
  const ends = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < VARIANTS.length; k++) {
      const variant = VARIANTS[(round + k) % VARIANTS.length] as Variant;
      const log = logs.get(variant) as LatencyLog;
      const unsubscribe = subscribeVariant(variant, otel);
      try {
        for (let n = 0; n < roundOps; n++) {
          const started = process.hrtime.bigint();
          await call();
          log.push(Number(process.hrtime.bigint() - started));
        }
      } finally {
        unsubscribe();
      }
      ends.get(variant)?.push(log.length);
    }
  }
  const slice = (variant: Variant, block: number) => {
    const at = ends.get(variant) as number[];
    const from = Math.floor((block * rounds) / BLOCKS);
    const to = Math.floor(((block + 1) * rounds) / BLOCKS) - 1;
    const values = (logs.get(variant) as LatencyLog).values();
    return values.subarray(from === 0 ? 0 : (at[from - 1] as number), at[to] as number);
  };
  const p50 = (variant: Variant) => median((logs.get(variant) as LatencyLog).values());
  const ratioOf = (variant: 'channel' | 'otel') => ({
    all: p50(variant) / p50('none'),
    blocks: Array.from(
      { length: BLOCKS },
      (_, b) => median(slice(variant, b)) / median(slice('none', b)),
    ),
  });
  return {
    store,
    operation,
    p50Us: { none: p50('none') / 1e3, channel: p50('channel') / 1e3, otel: p50('otel') / 1e3 },
    ratio: { channel: ratioOf('channel'), otel: ratioOf('otel') },
    opsPerVariant: (logs.get('none') as LatencyLog).length,
  };
}

async function seeded(store: TokenStore): Promise<{ userName: string; id: string }> {
  const saved = await store.saveToken({
    userName: 'bench-user',
    clientId: 'bench-client',
    accessToken: 'bench-access-token',
    refreshToken: 'bench-refresh-token',
    expiresAt: Date.now() + 3_600_000,
  });
  return { userName: 'bench-user', id: saved.id };
}

function spread(blocks: number[]): string {
  return `${Math.min(...blocks).toFixed(3)}–${Math.max(...blocks).toFixed(3)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  const rounds = values.quick ? 12 : 60;
  const roundOps = values.quick ? 500 : 2_000;
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(new DiscardingExporter())],
  });
  const meterProvider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
        exportIntervalMillis: 3_600_000,
      }),
    ],
  });
  const otel = { tracerProvider, meterProvider };
  const dir = mkdtempSync(join(tmpdir(), 'tokenstore-tracing-bench-'));
  const load = loadavg()[0] ?? Number.NaN;
  const rows: Row[] = [];
  try {
    const memory = new MemoryTokenStore();
    const sqlite = new SqliteTokenStore({ filename: join(dir, 'tokens.db') });
    for (const [name, store] of [
      ['memory', memory],
      ['sqlite', sqlite],
    ] as const) {
      const { userName, id } = await seeded(store);
      rows.push(
        await measure(
          name,
          'findToken (hit)',
          () => store.findToken({ userName }),
          otel,
          rounds,
          roundOps,
        ),
      );
      rows.push(
        await measure(
          name,
          'saveToken (update by id)',
          () => store.saveToken({ id, expiresAt: Date.now() + 3_600_000 }),
          otel,
          rounds,
          roundOps,
        ),
      );
      await store.close();
    }
  } finally {
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = loadavg()[0] ?? Number.NaN;
  console.log(
    `tracing cost: ${rounds} rounds × ${roundOps} calls per variant, order rotating per round; ` +
      `ratio = p50 over p50 with no subscriber, spread = min–max over ${BLOCKS} blocks of rounds; ` +
      `load average ${load.toFixed(2)} at start, ${loadAfter.toFixed(2)} at end (${process.version})`,
  );
  console.log(
    '| store | operation | p50 none µs | p50 channel µs | p50 otel µs | channel / none (spread) | otel / none (spread) |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const { none, channel, otel: withOtel } = row.p50Us;
    console.log(
      `| ${row.store} | ${row.operation} | ${none.toFixed(2)} | ${channel.toFixed(2)} | ${withOtel.toFixed(2)} | ` +
        `${row.ratio.channel.all.toFixed(3)} (${spread(row.ratio.channel.blocks)}) | ` +
        `${row.ratio.otel.all.toFixed(3)} (${spread(row.ratio.otel.blocks)}) |`,
    );
  }
}

await main();
