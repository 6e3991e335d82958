/**
 * One store operation in a loop, to be run under `node --cpu-prof` (see `summarize.ts`):
 * `node --cpu-prof --import tsx src/profile/profile-ops.ts memory find 200000`.
 * Operations: find (findToken by userName), byid, update (saveToken by userName), refresh,
 * raw-find, raw-update (the raw driver's, for comparison).
 */
import { TARGETS } from '../targets/index.js';
import { benchToken } from '../token-fixtures.js';

const [targetName = 'memory', operation = 'find', countText = '200000'] = process.argv.slice(2);
const count = Number(countText);
const target = TARGETS.find((t) => t.name === targetName);
if (target === undefined) throw new Error(`unknown target ${targetName}`);

const open = await target.open();
const tokens = Array.from({ length: 1_000 }, (_, i) => benchToken(i));
await open.seedStore(tokens);
await open.seedRaw(tokens);
const { store, raw } = open;
const at = (i: number) => tokens[i % tokens.length]!;
const ops: Record<string, (i: number) => unknown> = {
  find: (i) => store.findToken({ userName: at(i).userName }),
  byid: (i) => store.findTokenById(at(i).id),
  update: (i) =>
    store.saveToken({
      userName: at(i).userName,
      accessToken: `${at(i).accessToken}.v${i}`,
      expiresAt: 1_950_000_000_000 + i,
    }),
  refresh: async (i) => {
    await store.findToken({ userName: at(i).userName });
    return store.saveToken({
      userName: at(i).userName,
      accessToken: `${at(i).accessToken}.r${i}`,
      expiresAt: 1_950_000_000_000 + i,
    });
  },
  'raw-find': (i) => raw.findByUserName(at(i)),
  'raw-update': (i) =>
    raw.updateByUserName(at(i), `${at(i).accessToken}.v${i}`, 1_950_000_000_000 + i),
};
const op = ops[operation];
if (op === undefined) throw new Error(`unknown operation ${operation}`);
const started = performance.now();
for (let i = 0; i < count; i++) {
  const result = op(i);
  if (result instanceof Promise) await result;
}
const ms = performance.now() - started;
console.error(
  `${targetName} ${operation}: ${count} in ${ms.toFixed(0)} ms, ${((ms * 1000) / count).toFixed(2)} µs/op`,
);
await open.close();
process.exit(0);
