/**
 * The values the model-based and adversarial cases draw from. Every value sits next to values a
 * backend might conflate it with (case, Unicode normalisation, padding, shared 16 KiB prefixes,
 * numeric look-alikes, the separators key layouts, CSV and paths use, NUL), so a store that
 * mangles or conflates values finds the wrong token, refuses a legal save, or loses a token.
 */

/** 16 KiB JWT-like values that differ only in their last character. */
const JWT_PREFIX = `eyJhbGciOiJSUzI1NiJ9.${'Q'.repeat(16_384 - 23)}`;

/** Families of near-misses: each value is distinct from every other, byte for byte. */
export const NEAR_MISS_FAMILIES: Readonly<Record<string, readonly string[]>> = {
  case: ['Ada@Example.com', 'ada@example.com', 'ADA@EXAMPLE.COM'],
  'unicode normalisation': ['caf\u00e9', 'cafe\u0301', 'CAF\u00c9'],
  'padding whitespace': ['tok', ' tok', 'tok ', 'tok\t', '\ttok', 'tok\n'],
  'long shared prefix': [`${JWT_PREFIX}a`, `${JWT_PREFIX}b`, JWT_PREFIX],
  'numeric look-alikes': ['07', '7', '7.0', '7e0', '+7', '0x7'],
  separators: ['a', 'a:b', 'a/b', 'a,b', 'a{b}', '{a}b', 'a\nb', 'b', 'ab'],
  NUL: ['n', 'n\u0000', 'n\u0000\u0000', '\u0000n'],
};

/**
 * Ids that sort before any id a store generates (`""` is absent, so not among them), and
 * near-misses of each other.
 */
export const EARLY_IDS: readonly string[] = [' ', '!', '0', '\u0001', '\t', '#', '-'];

/** Ids the model saves under: early ones and near-misses. */
export const ID_POOL: readonly string[] = [
  ...EARLY_IDS,
  '07',
  '7',
  'Id',
  'id',
  'ID',
  'caf\u00e9',
  'cafe\u0301',
  'i:d',
  'i/d',
  'i\u0000',
];

/** Small pools per field: few enough values that the model's commands collide all the time. */
export const FIELD_POOLS = {
  userName: [
    'Ada@Example.com',
    'ada@example.com',
    'caf\u00e9',
    'cafe\u0301',
    'tok',
    'tok ',
    '07',
    '7',
    'a:b',
    'n\u0000',
  ],
  accessToken: [`${JWT_PREFIX}a`, `${JWT_PREFIX}b`, 'tok', ' tok', '7.0', '7', 'a,b', 'ab', 'n'],
  clientId: ['a', 'a:b', 'ab', 'A'],
  clientSecret: ['s', 'S'],
  refreshToken: ['b', 'b:c', 'a:b', `${JWT_PREFIX}a`, 'r', 'R'],
  grantToken: ['b', 'b/c', 'a/b', 'g', 'g\u0000'],
  apiDomain: ['https://x.example', 'd', 'D'],
  redirectUrl: ['https://x.example/cb?a=1,b=2', 'u'],
} as const satisfies Record<string, readonly string[]>;

export type PooledField = keyof typeof FIELD_POOLS;
export const POOLED_FIELDS = Object.keys(FIELD_POOLS) as PooledField[];
