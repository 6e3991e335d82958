import fc from 'fast-check';
import { FIELD_POOLS, ID_POOL, POOLED_FIELDS, type PooledField } from './pools.js';

/** An id: one from the pool of hostile ids, or the id of the n-th token the model holds. */
export type IdRef = { readonly pool: number } | { readonly existing: number };

/**
 * How a value is bent into a near-miss (0: used as it is): 1 pads it, 2 flips its case, 3 drops
 * its last character, 4 and 5 change its Unicode normalisation (or prefix a `0`), 6 appends NUL.
 */
export type NearMiss = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Field values by pool index; -1 is `null` and -2 is `""` (both absent). */
export type FieldSpec = Readonly<Partial<Record<PooledField, number>>> & {
  readonly expiresAt?: number;
};

/** The lookup rule by which a command addresses an existing token. */
export type Rule = 'userName' | 'accessToken' | 'grant' | 'refresh';

/** An existing token's lookup key by `rule`, bent by `near` (for pairs, odd bends the clientId). */
export type KeyOf = { readonly existing: number; readonly rule: Rule; readonly near: NearMiss };

export type ExpectedSpec = 'current' | 'stale' | 'zero';

export type SaveCommand = {
  readonly t: 'save';
  readonly fields: FieldSpec;
  readonly id?: IdRef;
  /** Address an existing token by one of its lookup keys (copied into the input). */
  readonly keyOf?: KeyOf;
  readonly expected?: ExpectedSpec;
};
export type FindCommand = {
  readonly t: 'find';
  readonly fields: FieldSpec;
  readonly keyOf?: KeyOf;
  /** An id in the query, which findToken must not consult. */
  readonly id?: IdRef;
};
export type FindByIdCommand = {
  readonly t: 'findById';
  readonly id: IdRef;
  readonly near: NearMiss;
};
export type DeleteCommand = { readonly t: 'delete'; readonly id: IdRef; readonly near: NearMiss };
export type SimpleCommand = SaveCommand | FindCommand | FindByIdCommand | DeleteCommand;

export type Command =
  | SimpleCommand
  | { readonly t: 'deleteAll' }
  | { readonly t: 'getTokens' }
  | {
      readonly t: 'iterate';
      readonly pageSize: number | undefined;
      /** Each op runs once `at`‰ of the tokens present at the start have been yielded. */
      readonly ops: readonly { readonly at: number; readonly command: SimpleCommand }[];
    }
  | { readonly t: 'reopen' }
  | {
      readonly t: 'race';
      readonly key: 'accessToken' | 'refreshToken' | 'grantToken';
      readonly value: number;
      readonly writers: number;
    }
  | { readonly t: 'bulk'; readonly count: number; readonly withIds: boolean };

const poolIndex = (field: PooledField) =>
  fc.oneof(
    { arbitrary: fc.nat({ max: FIELD_POOLS[field].length - 1 }), weight: 8 },
    { arbitrary: fc.constantFrom(-1, -2), weight: 1 },
  );

/** Some of `fields`, each present one time in three, so that saves often update, not clash. */
const fieldSpec = (fields: readonly PooledField[]): fc.Arbitrary<FieldSpec> => {
  const sometimes = <T>(value: fc.Arbitrary<T>) =>
    fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: value, weight: 1 });
  const parts: Record<string, fc.Arbitrary<number | undefined>> = {
    expiresAt: sometimes(
      fc.oneof(fc.constant(0), fc.nat({ max: 5 }), fc.constant(Number.MAX_SAFE_INTEGER)),
    ),
  };
  for (const field of fields) parts[field] = sometimes(poolIndex(field));
  return fc
    .record(parts)
    .map(
      (spec) =>
        Object.fromEntries(
          Object.entries(spec).filter(([, value]) => value !== undefined),
        ) as FieldSpec,
    );
};

const idRef: fc.Arbitrary<IdRef> = fc.oneof(
  fc.record({ pool: fc.nat({ max: ID_POOL.length - 1 }) }),
  fc.record({ existing: fc.nat({ max: 1_000 }) }),
);
const nearMiss = fc.oneof(
  { arbitrary: fc.constant(0 as const), weight: 3 },
  { arbitrary: fc.constantFrom<NearMiss>(1, 2, 3, 4, 5, 6), weight: 2 },
);
const keyOf = fc.record({
  existing: fc.nat({ max: 1_000 }),
  rule: fc.constantFrom<Rule>('userName', 'accessToken', 'grant', 'refresh'),
  near: nearMiss,
});

const save: fc.Arbitrary<SaveCommand> = fc.record(
  {
    t: fc.constant('save' as const),
    fields: fieldSpec(POOLED_FIELDS),
    id: idRef,
    keyOf,
    expected: fc.constantFrom<ExpectedSpec>('current', 'current', 'stale', 'zero'),
  },
  { requiredKeys: ['t', 'fields'] },
);
const find: fc.Arbitrary<FindCommand> = fc.record(
  {
    t: fc.constant('find' as const),
    fields: fieldSpec([
      'userName',
      'accessToken',
      'clientId',
      'clientSecret',
      'refreshToken',
      'grantToken',
    ]),
    keyOf,
    id: idRef,
  },
  { requiredKeys: ['t', 'fields'] },
);
const findById: fc.Arbitrary<FindByIdCommand> = fc.record({
  t: fc.constant('findById' as const),
  id: idRef,
  near: nearMiss,
});
const del: fc.Arbitrary<DeleteCommand> = fc.record({
  t: fc.constant('delete' as const),
  id: idRef,
  near: nearMiss,
});
const simple: fc.Arbitrary<SimpleCommand> = fc.oneof(
  { arbitrary: save, weight: 5 },
  { arbitrary: find, weight: 3 },
  { arbitrary: findById, weight: 2 },
  { arbitrary: del, weight: 2 },
);

/** A bulk insert of more tokens than any page a store may use by itself. */
export const bulk = fc.record({
  t: fc.constant('bulk' as const),
  count: fc.integer({ min: 150, max: 400 }),
  withIds: fc.boolean(),
});

/** What the store's declared capabilities let the model generate. */
export interface ModelAbilities {
  /** Reopen commands (the store persists). */
  readonly persistence: boolean;
  /** Saves and deletes while a listing runs (see the `listingDuringWrites` capability). */
  readonly listingDuringWrites: boolean;
}

function command(abilities: ModelAbilities): fc.Arbitrary<Command> {
  const persistence = abilities.persistence;
  const listing = fc.record({
    t: fc.constant('iterate' as const),
    pageSize: fc.option(fc.constantFrom(1, 2, 3, 7, 50), { nil: undefined, freq: 3 }),
    ops: fc.array(fc.record({ at: fc.nat({ max: 999 }), command: simple }), {
      maxLength: abilities.listingDuringWrites ? 8 : 0,
    }),
  });
  const race = fc.record({
    t: fc.constant('race' as const),
    key: fc.constantFrom('accessToken' as const, 'refreshToken' as const, 'grantToken' as const),
    value: fc.nat({ max: 5 }),
    writers: fc.integer({ min: 2, max: 6 }),
  });
  const arbitraries: fc.WeightedArbitrary<Command>[] = [
    { arbitrary: simple, weight: 12 },
    { arbitrary: listing, weight: 3 },
    { arbitrary: fc.constant({ t: 'getTokens' as const }), weight: 1 },
    { arbitrary: fc.constant({ t: 'deleteAll' as const }), weight: 1 },
    { arbitrary: race, weight: 1 },
  ];
  if (persistence)
    arbitraries.push({ arbitrary: fc.constant({ t: 'reopen' as const }), weight: 1 });
  return fc.oneof(...arbitraries);
}

/**
 * One run's command sequence: random commands around at most one bulk insert of 150-400
 * tokens (present in four runs out of five), so listings and deletes cross page boundaries.
 */
export function commandSequence(abilities: ModelAbilities): fc.Arbitrary<Command[]> {
  const commands = fc.array(command(abilities), { minLength: 8, maxLength: 24, size: 'max' });
  return fc
    .record({
      before: commands,
      bulk: fc.option(bulk, { nil: undefined, freq: 5 }),
      after: commands,
    })
    .map(({ before, bulk: many, after }) => [...before, ...(many ? [many] : []), ...after]);
}
