#!/usr/bin/env node
// The main job on the embedded defaults: the conformance suite against the memory store and the
// SQLite store (a temp file), printed as a table. Exits 1 if any case fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { byNamespace, runConformance } from '@tokenstore/core/conformance';
import { MemoryDatabase, MemoryTokenStore } from '@tokenstore/store-memory';
import { SqliteTokenStore } from '@tokenstore/store-sqlite';

const dir = mkdtempSync(join(tmpdir(), 'tokenstore-'));
const filename = join(dir, 'tokens.db');
const database = new MemoryDatabase();
const stores = [
  ['memory', byNamespace((namespace) => new MemoryTokenStore({ database, namespace }))],
  ['sqlite (temp file)', byNamespace((table) => new SqliteTokenStore({ filename, table }))],
];

const rows = [];
let failures = 0;
try {
  for (const [name, options] of stores) {
    const started = performance.now();
    const result = await runConformance(options);
    const ms = Math.round(performance.now() - started);
    rows.push([
      name,
      result.passed.length,
      result.failed.length,
      result.skipped.length,
      `${ms} ms`,
    ]);
    for (const { name: caseName, error } of result.failed) {
      failures++;
      console.error(
        `FAIL ${name}: ${caseName}\n  ${String(error?.message ?? error).split('\n')[0]}`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const header = ['store', 'passed', 'failed', 'skipped', 'time'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
console.log(
  failures === 0 ? '\nEvery store passes the whole contract.' : `\n${failures} case(s) failed.`,
);
process.exitCode = failures === 0 ? 0 : 1;
