import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach } from 'vitest';
import { instrumentTokenStores } from '../../src/index.js';

/** Spans and metrics of one test, through the SDK's in-memory exporters. */
export interface Telemetry {
  spans(): ReadableSpan[];
  /** Every metric data point as `{ name, attributes, value }`, after a flush. */
  points(): Promise<{ name: string; attributes: Record<string, unknown>; value: unknown }[]>;
  /** Everything a backend would receive, as text: for the secret scan. */
  everything(): Promise<string>;
}

/** Instruments the stores for the current test; disabled and shut down after it. */
export function useTelemetry(): Telemetry {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spanExporter)],
  });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const instrumentation = instrumentTokenStores({ tracerProvider, meterProvider });
  afterEach(async () => {
    instrumentation.disable();
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
  });

  async function points() {
    await reader.forceFlush();
    const last = metricExporter.getMetrics().at(-1);
    return (last?.scopeMetrics ?? []).flatMap((scope) =>
      scope.metrics.flatMap((metric) =>
        metric.dataPoints.map((point) => ({
          name: metric.descriptor.name,
          attributes: { ...point.attributes },
          value: point.value,
        })),
      ),
    );
  }

  return {
    spans: () => spanExporter.getFinishedSpans(),
    points,
    async everything() {
      const spans = spanExporter.getFinishedSpans().map((span) => ({
        name: span.name,
        attributes: span.attributes,
        status: span.status,
        events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
        links: span.links,
      }));
      return JSON.stringify({ spans, metrics: await points() });
    },
  };
}
