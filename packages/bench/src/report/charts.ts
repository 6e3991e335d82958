import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchResults } from '../results.js';

type Spec = Record<string, unknown>;

/** Store time over raw time for each operation of each store, at the smallest size. */
function ratioSpec(results: BenchResults): Spec {
  const stores = results.targets.map((t) => t.target);
  const values = results.targets.flatMap((t) =>
    t.pairs
      .filter((p) => p.size === t.sizes[0])
      .map((p) => ({ store: p.target, operation: p.operation, ratio: p.ratio })),
  );
  const y = {
    field: 'operation',
    type: 'nominal',
    title: null,
    sort: null,
    axis: { labelLimit: 320 },
  };
  const yOffset = { field: 'store', type: 'nominal', sort: stores };
  return {
    title: {
      text: 'Median store time per operation ÷ raw driver time (1 = no overhead; dashed: 1, 1.5, 3)',
      fontSize: 15,
    },
    width: 620,
    height: { step: 6 * Math.max(1, stores.length) },
    data: { values },
    layer: [
      {
        // Bars grow from 1 (no overhead) on a log scale; left of it the store is the faster.
        mark: { type: 'bar', tooltip: true },
        encoding: {
          y,
          yOffset,
          x: {
            field: 'ratio',
            type: 'quantitative',
            title: 'store / raw (log scale)',
            scale: { type: 'log', domainMin: 0.25 },
          },
          x2: { datum: 1 },
          color: { field: 'store', type: 'nominal', sort: stores, legend: { orient: 'bottom' } },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 3, fontSize: 9 },
        encoding: {
          y,
          yOffset,
          x: { field: 'ratio', type: 'quantitative' },
          text: { field: 'ratio', type: 'quantitative', format: '.2f' },
        },
      },
      {
        data: { values: [{ x: 1 }, { x: 1.5 }, { x: 3 }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#555' },
        encoding: { x: { field: 'x', type: 'quantitative' } },
      },
    ],
    config: { font: 'DejaVu Sans', background: 'white' },
  };
}

/**
 * Time per keyed find relative to the smallest size, per store (flat = keyed lookups scale),
 * with the raw driver's mean over the same finds as a dashed line: where both rise together,
 * the machine (caches, a slower phase of the shared host), not the store, changed.
 */
function scalingSpec(results: BenchResults): Spec {
  const stores = results.targets.map((t) => t.target);
  const values = results.targets.flatMap((t) =>
    t.pairs
      .filter((p) => t.pairs.some((q) => q.operation === p.operation && q.size !== t.sizes[0]))
      .flatMap((p) => {
        const base = t.pairs.find((q) => q.operation === p.operation && q.size === t.sizes[0]);
        const common = { store: p.target, operation: p.operation, tokens: p.size };
        return [
          { ...common, variant: 'store', relative: base ? p.store.p50Us / base.store.p50Us : 1 },
          { ...common, variant: 'raw', relative: base ? p.raw.p50Us / base.raw.p50Us : 1 },
        ];
      }),
  );
  const x = {
    field: 'tokens',
    type: 'quantitative',
    scale: { type: 'log', nice: false },
    title: 'stored tokens',
    axis: { format: '~s', values: [1_000, 10_000, 100_000, 1_000_000] },
  };
  const y = {
    field: 'relative',
    type: 'quantitative',
    title: 'p50 ÷ p50 at smallest',
    scale: { type: 'log', domainMin: 0.5 },
  };
  return {
    title: {
      text: 'Keyed finds as the store grows: median time ÷ median at the smallest size',
      subtitle:
        'solid: each find through the store; dashed grey: the raw driver (mean of the same finds); red: 1.5',
      fontSize: 15,
    },
    data: { values },
    facet: { column: { field: 'store', type: 'nominal', sort: stores, title: null } },
    spec: {
      width: 170,
      height: 220,
      layer: [
        {
          transform: [{ filter: "datum.variant === 'raw'" }],
          mark: { type: 'line', strokeDash: [6, 4], color: '#888' },
          encoding: { x, y: { ...y, aggregate: 'mean' } },
        },
        {
          transform: [{ filter: "datum.variant === 'store'" }],
          mark: { type: 'line', point: true },
          encoding: {
            x,
            y,
            color: {
              field: 'operation',
              type: 'nominal',
              legend: { orient: 'bottom', columns: 3, labelLimit: 320 },
            },
          },
        },
        {
          data: { values: [{ y: 1.5 }] },
          mark: { type: 'rule', strokeDash: [4, 3], color: '#c00' },
          encoding: { y: { field: 'y', type: 'quantitative' } },
        },
      ],
    },
    config: { font: 'DejaVu Sans', background: 'white' },
  };
}

async function render(spec: Spec, file: string): Promise<string[]> {
  const vega = await import('vega');
  const { compile } = await import('vega-lite');
  const { Resvg } = await import('@resvg/resvg-js');
  const compiled = compile(spec as unknown as Parameters<typeof compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  await view.finalize();
  const png = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'zoom', value: 1.5 },
    background: 'white',
  })
    .render()
    .asPng();
  writeFileSync(`${file}.svg`, svg);
  writeFileSync(`${file}.png`, png);
  return [`${file}.svg`, `${file}.png`];
}

/** Writes `ratios.svg/png` and `scaling.svg/png` into `dir`; returns the files written. */
export async function writeCharts(results: BenchResults, dir: string): Promise<string[]> {
  return [
    ...(await render(ratioSpec(results), join(dir, 'ratios'))),
    ...(await render(scalingSpec(results), join(dir, 'scaling'))),
  ];
}
