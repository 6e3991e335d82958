import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { FakeZoho } from './fake-zoho.js';
import { CLIENT_ID, CLIENT_SECRET, GRANT_TOKEN, REFRESH_TOKEN } from './flow-context.js';

/** Where a fleet process keeps its tokens (the same type as in test/fixtures/fleet-app.ts). */
export type FleetStoreConfig =
  | { kind: 'sqlite'; filename: string }
  | { kind: 'redis'; url: string; prefix: string }
  | { kind: 'mongo'; url: string; collection: string }
  | {
      kind: 'secrets-manager';
      endpoint: string;
      region: string;
      prefix: string;
      credentials: { accessKeyId: string; secretAccessKey: string };
    }
  /** The SDK's own FileStore (CSV file), for comparison: not a tokenstore store. */
  | { kind: 'filestore'; filename: string };

const APP = fileURLToPath(new URL('../fixtures/fleet-app.ts', import.meta.url));
/** Longest wait for one answer of a fleet process (SDK start-up on a busy 2-core machine). */
const ANSWER_TIMEOUT_MS = 60_000;

/** Access tokens the fake issues live this long: the SDKs refresh below 5 s left. */
export const FLEET_TOKEN_LIFETIME_S = 8;
/** The bridge refreshes below this: a token is fresh to it for 2 s after it was issued. */
export const FLEET_MIN_VALIDITY_MS = 6_000;
/** A round starts this long after the last token was issued: every process sees it expiring. */
const ROUND_AFTER_ISSUE_MS = FLEET_TOKEN_LIFETIME_S * 1000 - 4_500;

/** One run of a fleet: on what store, coordinated or not, for how many expiries. */
export interface FleetPlan {
  readonly rounds: number;
  readonly store: FleetStoreConfig;
  readonly coordinate: boolean;
  readonly dir: string;
  /** Only the processes of this SDK take part (default: all). */
  readonly only?: 'typescript' | 'nodejs';
}

/** What the token endpoint saw during a run. */
export interface FleetResult {
  /** Code exchanges of the one grant token all processes started with. */
  readonly exchanges: number;
  /** Processes whose own initialization with the grant token failed (`invalid_code`). */
  readonly failedStarts: number;
  /** Refresh requests in each round (one expiry each). */
  readonly refreshesPerRound: number[];
  /** HTTP status of every API call of every round (-1: the SDK threw). */
  readonly statuses: number[];
  /** The messages of what the SDK threw, if anything. */
  readonly errors: string[];
  /** Milliseconds each phase took: initialization, the rounds. */
  readonly phasesMs: Record<'init' | 'rounds', number>;
}

class FleetProcess {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #lines: Interface;
  readonly #queue: string[] = [];
  #waiter: ((line: string) => void) | undefined;
  #stderr = '';
  /** Rejects when the process exits, so a crash fails the run at once, not at the timeout. */
  readonly #exited: Promise<never>;

  constructor(env: Record<string, string>) {
    this.#child = spawn(process.execPath, ['--no-deprecation', APP], {
      env: { ...process.env, ...env },
    });
    this.#child.stderr.on('data', (chunk) => {
      this.#stderr += chunk;
    });
    this.#exited = new Promise<never>((_, reject) => {
      this.#child.once('exit', (code) =>
        reject(new Error(`a fleet process exited (${code}); stderr: ${this.#stderr}`)),
      );
    });
    this.#exited.catch(() => {});
    this.#lines = createInterface({ input: this.#child.stdout });
    this.#lines.on('line', (line) => {
      const waiter = this.#waiter;
      if (waiter === undefined) this.#queue.push(line);
      else {
        this.#waiter = undefined;
        waiter(line);
      }
    });
  }

  send(line: string): void {
    this.#child.stdin.write(`${line}\n`);
  }

  /** The next line starting with `word`, parsed from JSON after it. */
  async next(word: string): Promise<Record<string, unknown>> {
    const line =
      this.#queue.shift() ??
      (await Promise.race([
        new Promise<string>((resolve) => {
          this.#waiter = resolve;
        }),
        this.#exited,
        sleep(ANSWER_TIMEOUT_MS).then(() => {
          throw new Error(`no "${word}" from a fleet process; stderr: ${this.#stderr}`);
        }),
      ]));
    if (!line.startsWith(word)) {
      throw new Error(`expected "${word}" from a fleet process, got: ${line}; ${this.#stderr}`);
    }
    const rest = line.slice(word.length).trim();
    return rest === '' ? {} : (JSON.parse(rest) as Record<string, unknown>);
  }

  async exit(): Promise<void> {
    const exited = new Promise<number | null>((resolve) => this.#child.once('exit', resolve));
    this.send('exit');
    const code = await Promise.race([exited, sleep(20_000).then(() => 'timeout' as const)]);
    if (code !== 0) {
      this.#child.kill('SIGKILL');
      throw new Error(`a fleet process did not exit cleanly (${code}); stderr: ${this.#stderr}`);
    }
  }

  kill(): void {
    this.#child.kill('SIGKILL');
  }
}

/**
 * OS processes running the SDKs, started once (starting an SDK takes seconds) and reused for
 * every run: each run starts them as new applications on its own store and fake Zoho.
 */
export class Fleet {
  readonly sdks: readonly ('typescript' | 'nodejs')[];
  readonly callers: number;
  readonly #processes: FleetProcess[];

  private constructor(sdks: readonly ('typescript' | 'nodejs')[], callers: number) {
    this.sdks = sdks;
    this.callers = callers;
    this.#processes = sdks.map(
      (sdk) =>
        new FleetProcess({
          ZOHO_SDK: sdk,
          ZOHO_MIN_VALIDITY_MS: String(FLEET_MIN_VALIDITY_MS),
          ZOHO_TOKEN: JSON.stringify({
            clientId: CLIENT_ID,
            clientSecret: CLIENT_SECRET,
            grantToken: GRANT_TOKEN,
          }),
          ZOHO_REFRESH_TOKEN: REFRESH_TOKEN,
          ZOHO_CALLERS: String(callers),
        }),
    );
  }

  /** Starts one process per entry of `sdks`, each with `callers` concurrent callers. */
  static async start(sdks: readonly ('typescript' | 'nodejs')[], callers: number): Promise<Fleet> {
    const fleet = new Fleet(sdks, callers);
    try {
      await Promise.all(fleet.#processes.map((child) => child.next('ready')));
    } catch (error) {
      fleet.kill();
      throw error;
    }
    return fleet;
  }

  /**
   * One run: every process starts on one fresh grant token at the same moment, then, once per
   * round, waits until the shared access token is expiring for every SDK and the bridge, and
   * makes its concurrent calls. Counts the token endpoint's requests.
   */
  async run(zoho: FakeZoho, plan: FleetPlan): Promise<FleetResult> {
    zoho.accessTokenLifetimeSeconds = FLEET_TOKEN_LIFETIME_S;
    const processes = this.#processes.filter(
      (_, index) => plan.only === undefined || this.sdks[index] === plan.only,
    );
    let mark = Date.now();
    const lap = () => {
      const now = Date.now();
      const ms = now - mark;
      mark = now;
      return ms;
    };
    const init = JSON.stringify({
      url: zoho.url,
      store: plan.store,
      coordinate: plan.coordinate,
      resources: mkdtempSync(join(plan.dir, 'resources-')),
    });
    // Without coordination every process exchanges the grant token: the fake answers none until
    // all have asked, so none can save before the others look (as on a real, slower network).
    zoho.codeExchangeQuorum = plan.coordinate
      ? undefined
      : { requests: processes.length, maxWaitMs: 10_000 };
    for (const child of processes) child.send(`init ${init}`);
    const starts = await Promise.all(processes.map((child) => child.next('initialized')));
    const exchanges = zoho.grants('authorization_code').length;
    const initMs = lap();
    const refreshesPerRound: number[] = [];
    const statuses: number[] = [];
    const errors: string[] = [];
    for (let round = 0; round < plan.rounds; round++) {
      const lastIssued = Math.max(...zoho.tokenRequests.filter((r) => r.ok).map((r) => r.at));
      await sleep(Math.max(0, lastIssued + ROUND_AFTER_ISSUE_MS - Date.now()));
      const start = Date.now();
      for (const child of processes) child.send('round');
      const done = await Promise.all(processes.map((child) => child.next('done')));
      for (const answer of done) {
        statuses.push(...(answer.statuses as number[]));
        errors.push(...(answer.errors as string[]));
      }
      refreshesPerRound.push(
        zoho.grants('refresh_token').filter((request) => request.at >= start).length,
      );
    }
    return {
      phasesMs: { init: initMs, rounds: lap() },
      exchanges,
      failedStarts: starts.filter((start) => start.exchanged !== true).length,
      refreshesPerRound,
      statuses,
      errors,
    };
  }

  /** Lets every process close its store and exit; kills the ones that do not. */
  async stop(): Promise<void> {
    await Promise.all(this.#processes.map((child) => child.exit()));
  }

  kill(): void {
    for (const child of this.#processes) child.kill();
  }
}
