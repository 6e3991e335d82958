import { isDeepStrictEqual } from 'node:util';
import type { TokenStore } from '@tokenstore/core';
import { type Budget, measureConcurrentPair, measurePair, type PairSample } from './measure.js';
import { FIND_OPERATIONS, INSERT, REFRESH, SCAN, UPDATE } from './operations.js';
import type { Profile } from './profiles.js';
import type {
  ConcurrencyRow,
  PairRow,
  PeerNote,
  PeerRow,
  SeedingRow,
  ServerRow,
  TargetResult,
} from './results.js';
import { seededRandom } from './seeded-random.js';
import type { BenchTarget, CommandStats, OpenTarget } from './targets/target.js';
import { type BenchToken, benchToken, newTokenInput } from './token-fixtures.js';

/** Tokens generated per seeding batch. */
const SEED_BATCH = 10_000;
/** Distinct tokens the finds cycle through, picked at random among those stored. */
const SAMPLE = 4_096;
/** Token numbers of inserts and of the format check: far beyond any seeded one. */
const INSERT_BASE = 50_000_000;
const FORMAT_CHECK = 90_000_000;
const EXPIRES_AT = 1_950_000_000_000;

/** Operations run alone per variant while the server counts its commands. */
const SERVER_OPS = 2_000;
/** Commands the server counts that the benchmark itself sends around a measurement. */
const BOOKKEEPING = new Set(['config|resetstat', 'info']);
/** What the client sent per operation (see `OpenTarget.commandStats`): its round trips. */
function serverRow(
  target: string,
  operation: string,
  variant: 'store' | 'raw',
  ops: number,
  stats: CommandStats,
): ServerRow {
  const commands: Record<string, { perOp: number; usPerCall: number }> = {};
  let roundTrips = 0;
  let serverUs = 0;
  for (const [command, { calls, usec }] of Object.entries(stats)) {
    if (BOOKKEEPING.has(command)) continue;
    commands[command] = { perOp: calls / ops, usPerCall: usec / calls };
    roundTrips += calls / ops;
    serverUs += usec / ops;
  }
  return { target, operation, variant, ops, roundTrips, serverUs, commands };
}

/** Token numbers of the inserts measured against the peers. */
const PEER_INSERT_BASE = 70_000_000;

/**
 * The store against each peer on the same backend, interleaved: a find by the key the peer
 * stores under, a refresh (read + write), an insert; on tokens both hold.
 */
async function runPeers(
  name: string,
  open: OpenTarget,
  profile: Profile,
  log: Log,
  result: TargetResult,
): Promise<void> {
  let peers: Awaited<ReturnType<NonNullable<OpenTarget['peers']>>>;
  try {
    peers = (await open.peers?.()) ?? [];
  } catch (error) {
    const why =
      (error instanceof Error ? error.message.split('\n')[0] : undefined) ?? String(error);
    (result as { peersSkipped?: string }).peersSkipped = why;
    log(`${name}: peers skipped: ${why}`);
    return;
  }
  const rows: PeerRow[] = [];
  const notes: PeerNote[] = [];
  Object.assign(result, { peers: rows, peerNotes: notes });
  const { store } = open;
  const pool = Array.from({ length: profile.updatePool }, (_, i) => benchToken(i));
  const at = (i: number) => pool[i % pool.length] as BenchToken;
  for (const peer of peers) {
    try {
      log(`${name}: peer ${peer.name}: seeding ${pool.length}`);
      await peer.seed(pool);
      notes.push({
        target: name,
        peer: peer.name,
        packageName: peer.packageName,
        doesLess: peer.doesLess,
      });
      const measured: [
        string,
        (i: number) => Promise<unknown>,
        (i: number) => Promise<unknown>,
        Budget,
      ][] = [
        [
          'find by its key',
          (i) => store.findToken({ userName: at(i).userName }),
          (i) => peer.find(at(i)),
          profile.budget,
        ],
        [
          REFRESH,
          async (i) => {
            const t = at(i);
            await store.findToken({ userName: t.userName });
            return store.saveToken({
              userName: t.userName,
              accessToken: `${t.accessToken}.q${i}`,
              expiresAt: EXPIRES_AT + i,
            });
          },
          (i) => peer.refresh(at(i), `${at(i).accessToken}.q${i}`, EXPIRES_AT + i),
          profile.budget,
        ],
      ];
      for (const [operation, storeOp, peerOp, budget] of measured) {
        log(`${name}: ${operation} against ${peer.name}`);
        const sample = await measurePair(storeOp, peerOp, budget);
        rows.push(peerRow(name, peer.name, operation, sample));
      }
      log(`${name}: ${INSERT} against ${peer.name}`);
      const { warmupOps, maxOps } = profile.insertBudget;
      const fresh = Array.from({ length: warmupOps + maxOps }, (_, i) =>
        benchToken(PEER_INSERT_BASE + rows.length * 100_000 + i),
      );
      const ids: string[] = [];
      const inserted = await measurePair(
        async (i) => {
          const { id: _id, ...input } = fresh[i] as BenchToken;
          ids.push((await store.saveToken(input)).id);
        },
        (i) => peer.insert(fresh[i] as BenchToken),
        profile.insertBudget,
      );
      rows.push(peerRow(name, peer.name, INSERT, inserted));
      for (const id of ids) await store.deleteToken(id);
    } finally {
      await peer.close();
    }
  }
}

function peerRow(target: string, peer: string, operation: string, sample: PairSample): PeerRow {
  const blocks = sample.blockRatios ?? [];
  return {
    target,
    peer,
    operation,
    store: sample.store,
    peerSample: sample.raw,
    ratio: sample.store.p50Us / sample.raw.p50Us,
    ...(blocks.length > 0
      ? { ratioRange: [Math.min(...blocks), Math.max(...blocks)] as const }
      : {}),
  };
}

/** Progress lines go to stderr, so stdout is the report. */
export type Log = (line: string) => void;

/** Tokens picked at random among numbers [from, to). */
function sampleTokens(from: number, to: number): BenchToken[] {
  if (from >= to) throw new Error(`no tokens to sample: the pools take ${from} of ${to}`);
  const next = seededRandom(to);
  return Array.from({ length: Math.min(SAMPLE, to - from) }, () =>
    benchToken(from + Math.floor(next() * (to - from))),
  );
}

function row(target: string, operation: string, size: number, sample: PairSample): PairRow {
  return {
    target,
    operation,
    size,
    store: sample.store,
    raw: sample.raw,
    ratio: sample.store.p50Us / sample.raw.p50Us,
    ...(sample.blockRatios !== undefined && sample.blockRatios.length > 0
      ? { ratioRange: [Math.min(...sample.blockRatios), Math.max(...sample.blockRatios)] as const }
      : {}),
  };
}

/**
 * Saves a token through the store, reads back what the backend holds, then seeds the same token
 * the benchmark's way and reads that: seeding must write exactly what saveToken writes.
 */
async function checkSeedFormat(name: string, open: OpenTarget): Promise<void> {
  const token = benchToken(FORMAT_CHECK);
  const saved = await open.store.saveToken(newTokenInput(FORMAT_CHECK));
  const written = await open.readStored(saved.id);
  await open.store.deleteToken(saved.id);
  await open.seedStore([{ ...token, id: saved.id }], saved.updatedAt);
  const seeded = await open.readStored(saved.id);
  await open.store.deleteToken(saved.id);
  if (written === undefined || written === null || !isDeepStrictEqual(written, seeded)) {
    throw new Error(`${name}: seeding does not write what saveToken writes; fix the seeder`);
  }
}

async function seed(open: OpenTarget, from: number, to: number): Promise<[number, number]> {
  let storeMs = 0;
  let rawMs = 0;
  for (let at = from; at < to; at += SEED_BATCH) {
    const batch = Array.from({ length: Math.min(SEED_BATCH, to - at) }, (_, i) =>
      benchToken(at + i),
    );
    let started = performance.now();
    await open.seedStore(batch);
    storeMs += performance.now() - started;
    started = performance.now();
    await open.seedRaw(batch);
    rawMs += performance.now() - started;
  }
  return [storeMs, rawMs];
}

/** Checks that both variants find a sample token, so no benchmark times a miss by mistake. */
async function checkFinds(name: string, open: OpenTarget, token: BenchToken): Promise<void> {
  for (const operation of FIND_OPERATIONS) {
    const found = (await operation.store(open.store, token)) as { userName?: string } | null;
    const raw = await operation.raw(open.raw, token);
    if (found?.userName !== token.userName || raw === null || raw === undefined) {
      throw new Error(`${name}: ${operation.name} misses a stored token`);
    }
  }
}

/** The profile's sizes this target can hold, plus its own maximum when that falls between. */
function sizesFor(profile: Profile, max: number): number[] {
  const sizes = profile.sizes.filter((size) => size <= max);
  const largest = profile.sizes[profile.sizes.length - 1] ?? 0;
  if (max < largest && max > (sizes[sizes.length - 1] ?? 0)) sizes.push(max);
  return sizes;
}

async function countTokens(store: TokenStore): Promise<number> {
  let n = 0;
  for await (const _ of store.tokens()) n++;
  return n;
}

/** An empty result for `target`, filled in by {@link runTarget} as it goes. */
export function emptyResult(target: BenchTarget, profile: Profile, rawLabel: string): TargetResult {
  return {
    target: target.name,
    rawLabel,
    sizes: sizesFor(profile, target.maxTokens.count),
    maxTokensWhy: target.maxTokens.why,
    pairs: [],
    concurrency: [],
    seeding: [],
  };
}

/**
 * Runs every benchmark of one target (overhead, scaling, concurrency), adding rows to `result`
 * as they are measured, so a failure part way keeps what was measured before it.
 */
export async function runTarget(
  target: BenchTarget,
  open: OpenTarget,
  profile: Profile,
  log: Log,
  result: TargetResult,
): Promise<void> {
  const { store, raw } = open;
  const name = target.name;
  const sizes = result.sizes;
  const pairs = result.pairs as PairRow[];
  const concurrency = result.concurrency as ConcurrencyRow[];
  const seeding = result.seeding as SeedingRow[];
  const pool = Array.from({ length: profile.updatePool }, (_, i) => benchToken(i));

  await checkSeedFormat(name, open);
  let stored = 0;
  for (const size of sizes) {
    log(`${name}: seeding ${stored} -> ${size}`);
    const [storeMs, rawMs] = await seed(open, stored, size);
    seeding.push({ target: name, from: stored, to: size, storeMs, rawMs });
    stored = size;

    // Neither the update's pool nor the refresh's (the next `updatePool` tokens): their access
    // tokens change, so a sample from them would time finds that miss.
    const sample = sampleTokens(2 * profile.updatePool, size);
    await checkFinds(name, open, sample[0] as BenchToken);
    for (const operation of FIND_OPERATIONS) {
      log(`${name}: ${operation.name} at ${size}`);
      const at = (i: number) => sample[i % sample.length] as BenchToken;
      const measured = await measurePair(
        (i) => operation.store(store, at(i)),
        (i) => operation.raw(raw, at(i)),
        profile.budget,
      );
      pairs.push(row(name, operation.name, size, measured));
    }
    if (size !== sizes[0]) continue;

    log(`${name}: ${UPDATE}`);
    const updateStore = (i: number) => {
      const t = pool[i % pool.length] as BenchToken;
      return store.saveToken({
        userName: t.userName,
        accessToken: `${t.accessToken}.v${i}`,
        expiresAt: EXPIRES_AT + i,
      });
    };
    const updateRaw = (i: number) => {
      const t = pool[i % pool.length] as BenchToken;
      return raw.updateByUserName(t, `${t.accessToken}.v${i}`, EXPIRES_AT + i);
    };
    pairs.push(row(name, UPDATE, size, await measurePair(updateStore, updateRaw, profile.budget)));

    log(`${name}: ${REFRESH}`);
    // Another pool than the update's, so the refresh's find is not helped by those saves.
    const refreshPool = Array.from({ length: profile.updatePool }, (_, i) =>
      benchToken(profile.updatePool + i),
    );
    const refreshStore = async (i: number) => {
      const t = refreshPool[i % refreshPool.length] as BenchToken;
      await store.findToken({ userName: t.userName });
      return store.saveToken({
        userName: t.userName,
        accessToken: `${t.accessToken}.r${i}`,
        expiresAt: EXPIRES_AT + i,
      });
    };
    const refreshRaw = async (i: number) => {
      const t = refreshPool[i % refreshPool.length] as BenchToken;
      await raw.findByUserName(t);
      return raw.updateByUserName(t, `${t.accessToken}.r${i}`, EXPIRES_AT + i);
    };
    pairs.push(
      row(name, REFRESH, size, await measurePair(refreshStore, refreshRaw, profile.budget)),
    );

    if (open.peers !== undefined) await runPeers(name, open, profile, log, result);

    if (open.commandStats !== undefined) {
      const find = FIND_OPERATIONS[0]!;
      const at = (i: number) => sample[i % sample.length] as BenchToken;
      const server: ServerRow[] = [];
      (result as { server?: readonly ServerRow[] }).server = server;
      const measured: [string, (i: number) => unknown, (i: number) => unknown][] = [
        [find.name, (i) => find.store(store, at(i)), (i) => find.raw(raw, at(i))],
        [UPDATE, updateStore, updateRaw],
        [REFRESH, refreshStore, refreshRaw],
      ];
      for (const [operation, storeOp, rawOp] of measured) {
        for (const variant of ['store', 'raw'] as const) {
          const run = variant === 'store' ? storeOp : rawOp;
          const ops = SERVER_OPS;
          const stats = await open.commandStats(async () => {
            for (let i = 0; i < ops; i++) await run(1_000_000 + i);
          });
          server.push(serverRow(name, operation, variant, ops, stats));
        }
      }
    }

    log(`${name}: ${SCAN}`);
    if ((await countTokens(store)) !== size || (await raw.scanAll()) !== size) {
      throw new Error(`${name}: tokens() or the raw scan does not see ${size} tokens`);
    }
    const scanned = await measurePair(
      () => countTokens(store),
      () => raw.scanAll(),
      profile.scanBudget,
    );
    pairs.push(row(name, SCAN, size, scanned));

    log(`${name}: ${INSERT}`);
    const { warmupOps, maxOps } = profile.insertBudget;
    const fresh = Array.from({ length: warmupOps + maxOps }, (_, i) => benchToken(INSERT_BASE + i));
    const insertedIds: string[] = [];
    let rawInserted = 0;
    const inserted = await measurePair(
      async (i) => {
        const { id: _id, ...input } = fresh[i] as BenchToken;
        insertedIds.push((await store.saveToken(input)).id);
      },
      (i) => {
        rawInserted = i + 1;
        return raw.insert(fresh[i] as BenchToken);
      },
      profile.insertBudget,
    );
    pairs.push(row(name, INSERT, size, inserted));
    // Back to `size` tokens, so the next sizes are exact.
    for (const id of insertedIds) await store.deleteToken(id);
    for (let i = 0; i < rawInserted; i++) await raw.delete(fresh[i] as BenchToken);

    if (target.concurrency) {
      const find = FIND_OPERATIONS[0]!;
      const at = (i: number) => sample[i % sample.length] as BenchToken;
      for (const callers of profile.callers) {
        log(`${name}: ${callers} concurrent callers`);
        const finds = await measureConcurrentPair(
          (i) => find.store(store, at(i)),
          (i) => find.raw(raw, at(i)),
          callers,
          profile.concurrencyMs,
          profile.concurrencyRounds,
        );
        concurrency.push({ target: name, operation: find.name, callers, ...finds });
        const updates = await measureConcurrentPair(
          updateStore,
          updateRaw,
          callers,
          profile.concurrencyMs,
          profile.concurrencyRounds,
        );
        concurrency.push({ target: name, operation: UPDATE, callers, ...updates });
      }
    }
  }
}
