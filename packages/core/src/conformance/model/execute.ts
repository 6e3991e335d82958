import assert from 'node:assert/strict';
import { isTokenStoreError } from '../../errors.js';
import type { TokenStore } from '../../store.js';
import type { StoredToken, TokenInput } from '../../token.js';
import type {
  Command,
  DeleteCommand,
  ExpectedSpec,
  FieldSpec,
  FindByIdCommand,
  FindCommand,
  IdRef,
  KeyOf,
  NearMiss,
  Rule,
  SaveCommand,
  SimpleCommand,
} from './commands.js';
import { literal, objectLiteral } from './literal.js';
import { FIELD_POOLS, ID_POOL, type PooledField } from './pools.js';
import { ReferenceModel } from './reference.js';

/** A failed command: what the contract expected, and the calls that led there, as code. */
export class ModelFailure extends Error {
  override readonly name = 'ModelFailure';
  constructor(
    message: string,
    readonly transcript: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What a run needs from the suite. */
export interface RunEnvironment {
  /** Opens the store the run starts on (fresh and empty). */
  readonly store: TokenStore;
  /** A new instance over the same data; undefined when the store lacks persistence. */
  readonly reopen: ((store: TokenStore) => Promise<TokenStore>) | undefined;
}

/** A token as the model compares it: a copy without `updatedAt`, which the model has no clock for. */
const plain = (token: StoredToken | null) => {
  if (token === null) return null;
  const { updatedAt: _managed, ...rest } = token;
  return rest;
};

/** Writes over a token the store handed out: a store that kept a reference shows it later. */
function scribble(token: StoredToken | null | undefined): void {
  if (token === null || token === undefined || typeof token !== 'object') return;
  try {
    token.version = -1;
    token.accessToken = 'scribbled by the caller';
    delete token.userName;
  } catch {
    // A frozen object cannot be changed by the caller either: that is fine.
  }
}
const byId = (a: StoredToken, b: StoredToken) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A near-miss of `value` (see {@link NearMiss}): never equal to it. */
export function bend(value: string, near: NearMiss): string {
  switch (near) {
    case 0:
      return value;
    case 1:
      return `${value} `;
    case 2:
      return value.toUpperCase() !== value ? value.toUpperCase() : `${value.toLowerCase()}x`;
    case 3:
      return value.length > 1 ? value.slice(0, -1) : `${value}\u0000`;
    case 4:
      return value.normalize('NFD') !== value ? value.normalize('NFD') : `0${value}`;
    case 5:
      return value.normalize('NFC') !== value ? value.normalize('NFC') : `${value}\u0301`;
    case 6:
      return `${value}\u0000`;
  }
}

function describeOutcome(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object' && value !== null && 'id' in value) {
    const { id, version } = value as StoredToken;
    return `the token ${literal(String(id))} (version ${version})`;
  }
  return JSON.stringify(value);
}

/** Runs commands against a store and the reference model side by side, checking each outcome. */
export class ModelRun {
  readonly #model = new ReferenceModel();
  readonly #env: RunEnvironment;
  #store: TokenStore;
  /** The calls so far, as code. */
  readonly #lines: string[] = ['const store = await create(); // a fresh, empty store'];
  /** How the code names each stored token's id (`t3.id`), when not a literal. */
  readonly #names = new Map<string, string>();
  #counter = 0;
  #indent = '';

  constructor(env: RunEnvironment) {
    this.#env = env;
    this.#store = env.store;
  }

  get store(): TokenStore {
    return this.#store;
  }

  async run(commands: readonly Command[]): Promise<void> {
    await this.#assertListing(
      'getTokens() of the store create() returned (it must be fresh and empty)',
    );
    for (const command of commands) await this.#command(command);
    await this.#audit();
  }

  // ---- helpers -------------------------------------------------------------------------------

  #emit(line: string): void {
    this.#lines.push(`${this.#indent}${line}`);
  }

  #fail(message: string, cause?: unknown): never {
    throw new ModelFailure(message, [...this.#lines], cause === undefined ? {} : { cause });
  }

  #idCode(id: string): string {
    return this.#names.get(id) ?? literal(id);
  }

  #existing(n: number): StoredToken | undefined {
    const all = [...this.#model.tokens.values()];
    return all.length === 0 ? undefined : all[n % all.length];
  }

  #resolveId(ref: IdRef): string {
    if ('pool' in ref) return ID_POOL[ref.pool % ID_POOL.length] ?? '';
    return this.#existing(ref.existing)?.id ?? ID_POOL[ref.existing % ID_POOL.length] ?? '';
  }

  #fields(spec: FieldSpec): TokenInput {
    const input: Record<string, unknown> = {};
    for (const [field, index] of Object.entries(spec)) {
      if (field === 'expiresAt') input.expiresAt = index;
      else if (index === -1) input[field] = null;
      else if (index === -2) input[field] = '';
      else {
        const pool: readonly string[] = FIELD_POOLS[field as PooledField];
        input[field] = pool[(index as number) % pool.length];
      }
    }
    return input as TokenInput;
  }

  /** An existing token's lookup key fields, bent into a near-miss as the command says. */
  #keyOf(keyOf: KeyOf | undefined): TokenInput {
    if (keyOf === undefined) return {};
    const fields = this.#keyFields(this.#existing(keyOf.existing), keyOf.rule);
    if (keyOf.near === 0) return fields;
    const main = {
      userName: 'userName',
      accessToken: 'accessToken',
      grant: 'grantToken',
      refresh: 'refreshToken',
    }[keyOf.rule] as keyof TokenInput;
    const bent =
      (keyOf.rule === 'grant' || keyOf.rule === 'refresh') && keyOf.near % 2 === 1
        ? 'clientId'
        : main;
    const value = fields[bent];
    return typeof value === 'string' ? { ...fields, [bent]: bend(value, keyOf.near) } : fields;
  }

  /** The fields of `token` that make up its lookup key by `rule`, or nothing if it has none. */
  #keyFields(token: StoredToken | undefined, rule: Rule): TokenInput {
    if (token === undefined) return {};
    const { userName, accessToken, clientId, refreshToken, grantToken } = token;
    switch (rule) {
      case 'userName':
        return userName === undefined ? {} : { userName };
      case 'accessToken':
        return accessToken === undefined
          ? {}
          : { accessToken, clientId: null, clientSecret: null, userName: null };
      case 'grant':
        return clientId === undefined || grantToken === undefined
          ? {}
          : { userName: null, clientId, clientSecret: 'any-secret', grantToken };
      case 'refresh':
        return clientId === undefined || refreshToken === undefined
          ? {}
          : {
              userName: null,
              clientId,
              clientSecret: 'any-secret',
              refreshToken,
              grantToken: null,
            };
    }
  }

  #expected(spec: ExpectedSpec | undefined, target: StoredToken | null): number | undefined {
    if (spec === undefined) return undefined;
    if (spec === 'zero') return 0;
    const version = target?.version ?? 0;
    if (spec === 'current') return version;
    return version > 1 ? version - 1 : version + 1;
  }

  async #call<T>(what: string, work: () => Promise<T>): Promise<{ value: T } | { error: unknown }> {
    try {
      return { value: await work() };
    } catch (error) {
      if (isTokenStoreError(error)) return { error };
      this.#fail(
        `${what} threw something that is not a token store error: ${String(error)}`,
        error,
      );
    }
  }

  #same(actual: unknown, expected: unknown, what: string): void {
    try {
      assert.deepStrictEqual(actual, expected);
    } catch {
      this.#fail(
        `${what}: got ${describeOutcome(actual)}, the contract says ${describeOutcome(expected)}${
          actual !== null && expected !== null
            ? `\n  got      ${JSON.stringify(actual).slice(0, 400)}\n  expected ${JSON.stringify(expected).slice(0, 400)}`
            : ''
        }`,
      );
    }
  }

  // ---- commands --------------------------------------------------------------------------------

  async #command(command: Command): Promise<void> {
    switch (command.t) {
      case 'save':
      case 'find':
      case 'findById':
      case 'delete':
        await this.#simple(command, undefined);
        return;
      case 'getTokens': {
        this.#emit('await store.getTokens(); // every stored token once');
        await this.#assertListing('getTokens()');
        return;
      }
      case 'deleteAll': {
        this.#emit('await store.deleteTokens();');
        const outcome = await this.#call('deleteTokens', () => this.#store.deleteTokens());
        if ('error' in outcome) this.#fail('deleteTokens rejected', outcome.error);
        this.#model.clear();
        await this.#assertListing('getTokens() after deleteTokens()');
        return;
      }
      case 'reopen':
        await this.#reopen();
        return;
      case 'race':
        await this.#race(command);
        return;
      case 'bulk':
        await this.#bulk(command.count, command.withIds);
        return;
      case 'iterate':
        await this.#iterate(command);
        return;
    }
  }

  /** Runs a save, find, findById or delete; returns the ids it changed (for listings). */
  async #simple(command: SimpleCommand, touched: Set<string> | undefined): Promise<void> {
    switch (command.t) {
      case 'save':
        return this.#save(command, touched);
      case 'find':
        return this.#find(command);
      case 'findById':
        return this.#findById(command);
      case 'delete':
        return this.#delete(command, touched);
    }
  }

  async #save(command: SaveCommand, touched: Set<string> | undefined): Promise<void> {
    const input: TokenInput = {
      ...this.#fields(command.fields),
      ...this.#keyOf(command.keyOf),
    };
    if (command.id !== undefined) input.id = this.#resolveId(command.id);
    const target =
      typeof input.id === 'string' && input.id !== ''
        ? this.#model.byId(input.id)
        : this.#model.find(input);
    const expectedVersion = this.#expected(command.expected, target);
    const plan = this.#model.plan(input, expectedVersion);
    const options = expectedVersion === undefined ? undefined : { expectedVersion };
    const name = `t${this.#counter++}`;
    const inputCode = objectLiteral(
      input,
      typeof input.id === 'string' ? { id: this.#idCode(input.id) } : {},
    );
    const call = `store.saveToken(${inputCode}${options ? `, { expectedVersion: ${expectedVersion} }` : ''})`;
    const snapshot = { ...input };
    const outcome = await this.#call('saveToken', () => this.#store.saveToken(input, options));
    try {
      assert.deepStrictEqual(input, snapshot);
    } catch {
      this.#emit(`await ${call};`);
      this.#fail(
        'saveToken changed the object it was given: inputs are the caller’s, the store copies them',
      );
    }

    if (plan.kind === 'reject') {
      this.#emit(`await ${call}; // rejects with ${plan.codes.join(' or ')}`);
      if ('value' in outcome) {
        this.#fail(
          `saveToken resolved with ${describeOutcome(outcome.value)}; the contract says it rejects with ${plan.codes.join(' or ')} and changes nothing`,
        );
      }
      const code = (outcome.error as { code: string }).code;
      if (!(plan.codes as readonly string[]).includes(code)) {
        this.#fail(
          `saveToken rejected with ${code}; the contract says ${plan.codes.join(' or ')}`,
          outcome.error,
        );
      }
      return;
    }
    if ('error' in outcome) {
      this.#emit(
        `await ${call}; // ${plan.kind === 'update' ? `updates ${this.#idCode(plan.id)}` : 'inserts'}`,
      );
      const code = (outcome.error as { code: string }).code;
      this.#fail(
        `saveToken rejected with ${code}; the contract says it ${plan.kind === 'update' ? 'updates the token' : 'inserts a token'}`,
        outcome.error,
      );
    }
    const result = outcome.value;
    if (plan.kind === 'update') {
      this.#emit(`await ${call}; // updates ${this.#idCode(plan.id)} to version ${plan.version}`);
      this.#same(
        plain(result),
        { id: plan.id, ...plan.token, version: plan.version },
        'saveToken (an update) returned',
      );
      this.#model.commit(plan.id, plan.token, plan.version);
      scribble(result);
      touched?.add(plan.id);
      return;
    }
    const id = plan.id ?? result?.id;
    if (plan.id === undefined) {
      this.#emit(`const ${name} = await ${call}; // inserts a token under a new id`);
      if (typeof id !== 'string' || id === '' || this.#model.byId(id) !== null) {
        this.#fail(
          `saveToken (an insert) returned the id ${JSON.stringify(id)}: a new token needs a new, non-empty string id`,
        );
      }
      this.#names.set(id, `${name}.id`);
    } else {
      this.#emit(`await ${call}; // inserts under that id`);
    }
    this.#same(plain(result), { id, ...plan.token, version: 1 }, 'saveToken (an insert) returned');
    this.#model.commit(id as string, plan.token, 1);
    scribble(result);
    touched?.add(id as string);
  }

  async #find(command: FindCommand): Promise<void> {
    const query: TokenInput = {
      ...this.#fields(command.fields),
      ...this.#keyOf(command.keyOf),
    };
    if (command.id !== undefined) query.id = this.#resolveId(command.id);
    const expected = this.#model.find(query);
    const code = objectLiteral(
      query,
      typeof query.id === 'string' ? { id: this.#idCode(query.id) } : {},
    );
    this.#emit(
      `await store.findToken(${code}); // ${expected === null ? 'null' : `finds ${this.#idCode(expected.id)}`}`,
    );
    const outcome = await this.#call('findToken', () => this.#store.findToken(query));
    if ('error' in outcome) this.#fail('findToken rejected', outcome.error);
    this.#same(plain(outcome.value), plain(expected), 'findToken returned');
    scribble(outcome.value);
  }

  async #findById(command: FindByIdCommand): Promise<void> {
    const base = this.#resolveId(command.id);
    const id = bend(base, command.near);
    const expected = this.#model.byId(id);
    const code = command.near === 0 || !this.#names.has(base) ? this.#idCode(id) : literal(id);
    this.#emit(`await store.findTokenById(${code}); // ${expected === null ? 'null' : 'finds it'}`);
    const outcome = await this.#call('findTokenById', () => this.#store.findTokenById(id));
    if ('error' in outcome) this.#fail('findTokenById rejected', outcome.error);
    this.#same(plain(outcome.value), plain(expected), 'findTokenById returned');
    scribble(outcome.value);
  }

  async #delete(command: DeleteCommand, touched: Set<string> | undefined): Promise<void> {
    const base = this.#resolveId(command.id);
    const id = bend(base, command.near);
    const code = command.near === 0 || !this.#names.has(base) ? this.#idCode(id) : literal(id);
    const expected = this.#model.byId(id) !== null;
    this.#emit(`await store.deleteToken(${code}); // ${expected}`);
    const outcome = await this.#call('deleteToken', () => this.#store.deleteToken(id));
    if ('error' in outcome) this.#fail('deleteToken rejected', outcome.error);
    if (outcome.value !== expected) {
      this.#fail(`deleteToken returned ${String(outcome.value)}; the contract says ${expected}`);
    }
    if (expected) {
      this.#model.delete(id);
      touched?.add(id);
    }
  }

  async #reopen(): Promise<void> {
    const reopen = this.#env.reopen;
    if (reopen === undefined) return;
    const old = this.#store;
    this.#emit('await store.close();');
    await old.close();
    const closed = await this.#call('findTokenById', () => old.findTokenById('x'));
    if ('value' in closed || !isTokenStoreError(closed.error, 'STORE_CLOSED')) {
      this.#fail('a closed store answered findTokenById; it must reject with STORE_CLOSED');
    }
    this.#emit('store = await reopen(store); // a new instance over the same data');
    this.#store = await reopen(old);
    await this.#assertListing('getTokens() after reopening');
  }

  async #race(command: Extract<Command, { t: 'race' }>): Promise<void> {
    const n = this.#counter++;
    const pool: readonly string[] = FIELD_POOLS[command.key];
    const shared = pool[command.value % pool.length] as string;
    const clientId = 'a';
    const inputs: TokenInput[] = Array.from({ length: command.writers }, (_, i) => ({
      userName: `race${n}-${i}`,
      [command.key]: shared,
      ...(command.key === 'accessToken' ? {} : { clientId, clientSecret: 's' }),
    }));
    const plans = inputs.map((input) => this.#model.plan(input, undefined));
    const free = plans.every((plan) => plan.kind === 'insert');
    this.#emit(
      `await Promise.allSettled([${inputs.map((input) => `store.saveToken(${objectLiteral(input)})`).join(', ')}]); // ${free ? 'exactly one resolves, the others reject with DUPLICATE_KEY' : 'all reject with DUPLICATE_KEY'}`,
    );
    const settled = await Promise.allSettled(inputs.map((input) => this.#store.saveToken(input)));
    const won = settled.flatMap((s, i) =>
      s.status === 'fulfilled' ? [{ token: s.value, i }] : [],
    );
    for (const s of settled) {
      if (s.status === 'rejected' && !isTokenStoreError(s.reason, 'DUPLICATE_KEY')) {
        this.#fail(
          `a racing insert rejected with ${String((s.reason as { code?: string }).code ?? s.reason)}; the contract says DUPLICATE_KEY`,
          s.reason,
        );
      }
    }
    if (won.length !== (free ? 1 : 0)) {
      this.#fail(
        `${won.length} of ${inputs.length} concurrent inserts of different users sharing one ${command.key} resolved; the contract says ${free ? 'exactly one' : 'none'} (uniqueness is the backend's, atomic with the write)`,
      );
    }
    const [winner] = won;
    if (winner !== undefined) {
      const plan = plans[winner.i];
      if (plan?.kind !== 'insert') return;
      this.#same(
        plain(winner.token),
        { id: winner.token.id, ...plan.token, version: 1 },
        'the winning insert returned',
      );
      this.#names.set(
        winner.token.id,
        `(await store.findToken({ userName: ${literal(inputs[winner.i]?.userName as string)} })).id`,
      );
      this.#model.commit(winner.token.id, plan.token, 1);
    }
  }

  async #bulk(count: number, withIds: boolean): Promise<void> {
    const n = this.#counter++;
    const input = (i: number): TokenInput => ({
      ...(withIds && i % 2 === 0 ? { id: `bulk${n}-${i}` } : {}),
      userName: `bulk${n}-u${i}`,
      clientId: 'bulk-client',
      clientSecret: 's',
      accessToken: `bulk${n}-a${i}`,
      refreshToken: `bulk${n}-r${i}`,
      expiresAt: i,
    });
    this.#emit(`const bulk${n} = [];`);
    this.#emit(`for (let i = 0; i < ${count}; i++) {`);
    this.#emit(
      `  bulk${n}.push(await store.saveToken({ ${withIds ? `...(i % 2 === 0 ? { id: \`bulk${n}-\${i}\` } : {}), ` : ''}userName: \`bulk${n}-u\${i}\`, clientId: 'bulk-client', clientSecret: 's', accessToken: \`bulk${n}-a\${i}\`, refreshToken: \`bulk${n}-r\${i}\`, expiresAt: i }));`,
    );
    this.#emit('}');
    const CHUNK = 16;
    for (let start = 0; start < count; start += CHUNK) {
      const indexes = Array.from({ length: Math.min(CHUNK, count - start) }, (_, k) => start + k);
      const planned = indexes.map((i) => ({
        i,
        input: input(i),
        plan: this.#model.plan(input(i), undefined),
      }));
      const settled = await Promise.allSettled(
        planned.map(({ input: one }) => this.#store.saveToken(one)),
      );
      for (const [k, s] of settled.entries()) {
        const { i, plan } = planned[k] as (typeof planned)[number];
        if (plan.kind !== 'insert') continue; // a pooled id may already be taken: then skip
        if (s.status === 'rejected') {
          this.#fail(
            `bulk insert ${i} rejected with ${String((s.reason as { code?: string }).code ?? s.reason)}`,
            s.reason,
          );
        }
        const id = s.value.id;
        this.#same(plain(s.value), { id, ...plan.token, version: 1 }, `bulk insert ${i} returned`);
        if (this.#model.byId(id) !== null)
          this.#fail(`bulk insert ${i} got the id of another token`);
        this.#names.set(id, `bulk${n}[${i}].id`);
        this.#model.commit(id, plan.token, 1);
      }
    }
  }

  async #iterate(command: Extract<Command, { t: 'iterate' }>): Promise<void> {
    const startSize = this.#model.size;
    const before = new Map(this.#model.tokens);
    const ops = command.ops
      .map((op) => ({ ...op, position: Math.floor((op.at / 1000) * startSize) }))
      .sort((a, b) => a.position - b.position);
    const touched = new Set<string>();
    const seen = new Map<string, StoredToken[]>();
    const options = command.pageSize === undefined ? undefined : { pageSize: command.pageSize };
    this.#emit(
      `let listed = 0; // the listing yields each token untouched throughout exactly once, any other at most once`,
    );
    this.#emit(
      `for await (const token of store.tokens(${options ? `{ pageSize: ${command.pageSize} }` : ''})) {`,
    );
    this.#emit('  listed++;');
    let next = 0;
    let listed = 0;
    const runDue = async (upTo: number) => {
      while (next < ops.length && (ops[next] as (typeof ops)[number]).position <= upTo) {
        const op = ops[next++] as (typeof ops)[number];
        const mark = this.#lines.length;
        this.#indent = '  ';
        await this.#simple(op.command, touched);
        this.#indent = '';
        // The op's calls belong inside the loop, after `position` tokens were listed.
        for (let at = mark; at < this.#lines.length; at++) {
          this.#lines[at] =
            `  if (listed === ${op.position}) ${(this.#lines[at] ?? '').trimStart()}`;
        }
      }
    };
    try {
      await runDue(0);
      for await (const token of this.#store.tokens(options)) {
        listed++;
        const copies = seen.get(token.id) ?? [];
        copies.push(plain(token) as StoredToken);
        seen.set(token.id, copies);
        scribble(token);
        await runDue(listed);
      }
    } catch (error) {
      if (error instanceof ModelFailure) throw error;
      this.#emit('}');
      this.#fail('tokens() failed while listing', error);
    } finally {
      this.#indent = '';
    }
    this.#emit('}');
    await runDue(Number.POSITIVE_INFINITY);
    for (const [id, token] of before) {
      const copies = seen.get(id) ?? [];
      if (touched.has(id)) {
        if (copies.length > 1)
          this.#fail(
            `tokens() yielded ${this.#idCode(id)}, saved or deleted during the listing, ${copies.length} times; the contract says at most once`,
          );
        continue;
      }
      if (copies.length !== 1) {
        this.#fail(
          `tokens() yielded ${this.#idCode(id)} ${copies.length} times in a listing of ${startSize} tokens; it was stored throughout and untouched, so the contract says exactly once`,
        );
      }
      this.#same(copies[0], plain(token), `tokens() yielded for ${this.#idCode(id)}`);
    }
    for (const [id, copies] of seen) {
      if (!before.has(id) && !touched.has(id)) {
        this.#fail(`tokens() yielded ${literal(id)}, which was never stored`);
      }
      if (copies.length > 1)
        this.#fail(`tokens() yielded ${this.#idCode(id)} ${copies.length} times`);
    }
  }

  async #assertListing(what: string): Promise<void> {
    const outcome = await this.#call('getTokens', () => this.#store.getTokens());
    if ('error' in outcome) this.#fail(`${what} rejected`, outcome.error);
    const actual = outcome.value.map((token) => plain(token) as StoredToken).sort(byId);
    const expected = [...this.#model.tokens.values()].map((token) => ({ ...token })).sort(byId);
    if (actual.length !== expected.length) {
      const ids = new Set(actual.map((token) => token.id));
      const missing = expected
        .filter((token) => !ids.has(token.id))
        .map((token) => this.#idCode(token.id));
      this.#fail(
        `${what} returned ${actual.length} tokens; the model holds ${expected.length}${missing.length > 0 ? ` (missing ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''})` : ''}`,
      );
    }
    this.#same(actual, expected, what);
  }

  /** At the end of a run: every token is listed, and found by its id and by each of its keys. */
  async #audit(): Promise<void> {
    this.#emit(
      '// finally: getTokens() holds exactly the model, and each token is found by id and by each lookup key',
    );
    await this.#assertListing('getTokens() at the end');
    const tokens = [...this.#model.tokens.values()];
    const sample =
      tokens.length <= 60
        ? tokens
        : tokens.filter((_, i) => i % Math.ceil(tokens.length / 60) === 0);
    for (const token of sample) {
      const byIdOutcome = await this.#call('findTokenById', () =>
        this.#store.findTokenById(token.id),
      );
      if ('error' in byIdOutcome) this.#fail('findTokenById rejected', byIdOutcome.error);
      this.#same(
        plain(byIdOutcome.value),
        plain(token),
        `findTokenById(${this.#idCode(token.id)})`,
      );
      for (const rule of ['userName', 'accessToken', 'grant', 'refresh'] as const) {
        const query = this.#keyFields(token, rule);
        if (Object.keys(query).length === 0) continue;
        const expected = this.#model.find(query);
        const found = await this.#call('findToken', () => this.#store.findToken(query));
        if ('error' in found) this.#fail('findToken rejected', found.error);
        this.#same(plain(found.value), plain(expected), `findToken(${objectLiteral(query)})`);
      }
    }
  }
}
