import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/exit-codes.js';
import { maskSecret } from '../src/mask.js';
import { randomNamespace, withNamespace } from '../src/namespace.js';
import { ADAPTER_PACKAGES } from '../src/open-store.js';
import { redactSecrets, redactUrl } from '../src/redact-url.js';
import { STORE_KINDS } from '../src/store-kinds/index.js';
import { isStoreUrl, parseStoreUrl } from '../src/store-url.js';

describe('parseStoreUrl', () => {
  it.each([
    ['memory:', { kind: 'memory', namespace: undefined }],
    ['memory:?namespace=app', { kind: 'memory', namespace: 'app' }],
    [
      'sqlite:./tokens.db?table=tokens',
      { kind: 'sqlite', filename: './tokens.db', table: 'tokens', synchronous: undefined },
    ],
    [
      'sqlite:///var/lib/app/tokens%20db.sqlite?synchronous=normal',
      {
        kind: 'sqlite',
        filename: '/var/lib/app/tokens db.sqlite',
        table: undefined,
        synchronous: 'NORMAL',
      },
    ],
    [
      'redis://:pw@127.0.0.1:6380/2?prefix=app:',
      { kind: 'redis', url: 'redis://:pw@127.0.0.1:6380/2', prefix: 'app:' },
    ],
    [
      'rediss://127.0.0.1:6380?family=4',
      { kind: 'redis', url: 'rediss://127.0.0.1:6380?family=4', prefix: undefined },
    ],
    [
      'mongodb://u:p@h1:27017,h2:27018/crm?replicaSet=rs0&collection=oauth',
      {
        kind: 'mongodb',
        url: 'mongodb://u:p@h1:27017,h2:27018/crm?replicaSet=rs0',
        database: 'crm',
        collection: 'oauth',
      },
    ],
    [
      'mongodb+srv://cluster.example.com',
      {
        kind: 'mongodb',
        url: 'mongodb+srv://cluster.example.com',
        database: undefined,
        collection: undefined,
      },
    ],
    [
      'secretsmanager://eu-west-1?prefix=crm/&endpoint=http://127.0.0.1:4566&forceDelete=true',
      {
        kind: 'secretsmanager',
        region: 'eu-west-1',
        prefix: 'crm/',
        endpoint: 'http://127.0.0.1:4566',
        forceDelete: true,
      },
    ],
  ])('%s', (url, spec) => {
    expect(parseStoreUrl(url)).toEqual(spec);
  });

  it.each([
    'cassandra://127.0.0.1/db',
    './tokens.db',
    'sqlite:',
    'sqlite:x.db?tabel=x',
    'sqlite:x.db?synchronous=OFF',
    'memory:foo',
    'redis://',
    'mongodb://',
    'secretsmanager://',
    'secretsmanager://us-east-1?forceDelete=yes',
  ])('rejects %s as a usage error', (url) => {
    expect(() => parseStoreUrl(url)).toThrow(UsageError);
  });

  it.each([
    'mongodb://user:s3cr3t-pass@',
    'redis://user:s3cr3t-pass@',
    'mysql://user:s3cr3t-pass@127.0.0.1',
    'cassandra://user:s3cr3t-pass@127.0.0.1/db',
  ])('never puts the password of %s in its message', (url) => {
    let message = '';
    try {
      parseStoreUrl(url);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('***');
    expect(message).not.toContain('s3cr3t-pass');
  });
});

describe('namespaces for check', () => {
  it('makes a fresh valid namespace per kind and puts it where that kind keeps it', () => {
    const sqlite = parseStoreUrl('sqlite:./x.db?table=prod');
    const table = randomNamespace(sqlite);
    expect(table).toMatch(/^check_[0-9a-f]{16}$/);
    expect(table).not.toBe(randomNamespace(sqlite));
    expect(withNamespace(sqlite, table)).toMatchObject({ table, filename: './x.db' });

    const redis = parseStoreUrl('redis://127.0.0.1:6379/0?prefix=prod:');
    expect(randomNamespace(redis)).toMatch(/^tokenstore-check:[0-9a-f]{16}:$/);
    expect(withNamespace(redis, 'x:')).toMatchObject({
      prefix: 'x:',
      url: 'redis://127.0.0.1:6379/0',
    });

    const secrets = parseStoreUrl('secretsmanager://us-east-1');
    expect(randomNamespace(secrets)).toMatch(/^tokenstore-check\/[0-9a-f]{16}\/$/);
    expect(withNamespace(parseStoreUrl('mongodb://h/db'), 'c')).toMatchObject({ collection: 'c' });
  });
});

describe('redactUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactUrl('redis://user:pa55@127.0.0.1:6379/0')).toBe(
      'redis://user:***@127.0.0.1:6379/0',
    );
    expect(redactUrl('mongodb://:pa55@h1,h2/db?x=1')).toBe('mongodb://:***@h1,h2/db?x=1');
    expect(redactUrl('sqlite:./a:b@c.db')).toBe('sqlite:./a:b@c.db');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('hides everything to the last @ of a password with an unescaped / ? # @', () => {
    expect(redactUrl('redis://:abc/SECRET@127.0.0.1:6379/0')).toBe('redis://:***@127.0.0.1:6379/0');
    expect(redactUrl('redis://user:a?b#c@d@127.0.0.1/0')).toBe('redis://user:***@127.0.0.1/0');
    expect(redactUrl('mongodb://app:x/SECRET@h/db/coll')).toBe('mongodb://app:***@h/db/coll');
    // A "user" holding a / ? or # may be a password with a colon further on: hidden whole.
    expect(redactUrl('redis://pa/SS:WORD@h/0')).toBe('redis://***@h/0');
    expect(redactSecrets('redis://:a/b@h/0: not a valid Redis URL (redis://host:port/db)')).toBe(
      'redis://:***@h/0: not a valid Redis URL (redis://host:port/db)',
    );
    // To the last @ before whitespace only: text after the URL stays.
    expect(redactSecrets('redis://u:a/b@h/0 failed, ask ops@example.com')).toBe(
      'redis://u:***@h/0 failed, ask ops@example.com',
    );
    expect(redactSecrets('?endpoint=http%3A%2F%2Fu%3Aa%2Fb%40h&x=1')).toBe(
      '?endpoint=http%3A%2F%2Fu%3A***%40h&x=1',
    );
    expect(redactSecrets('?endpoint=http%3A%2F%2F%3Aa%2Fb%40c%40h')).toBe(
      '?endpoint=http%3A%2F%2F%3A***%40h',
    );
  });
});

describe('maskSecret', () => {
  it('shows 4 characters and the length, or only the length of a short secret', () => {
    expect(maskSecret('1000.0123456789abcdef0123')).toBe('1000…[25]');
    expect(maskSecret('short')).toBe('…[5]');
    expect(maskSecret('😀😀😀😀😀😀😀😀😀😀😀😀')).toBe('😀😀😀😀…[12]');
  });
});

describe('the store-kind table', () => {
  it.each(STORE_KINDS.map((kind) => [kind.kind, kind] as const))(
    '%s: its URL form parses to it and its namespace goes where it reads it back',
    (name, kind) => {
      const spec = parseStoreUrl(kind.urlForm);
      expect(spec.kind).toBe(name);
      const namespace = randomNamespace(spec);
      expect(namespace).toMatch(/[0-9a-f]{16}/);
      const moved = withNamespace(spec, namespace);
      expect(Object.values(moved)).toContain(namespace);
      expect(ADAPTER_PACKAGES[name]).toBe(kind.packageName);
    },
  );

  it('serves each scheme from exactly one kind', () => {
    const schemes = STORE_KINDS.flatMap((kind) => kind.schemes);
    expect(new Set(schemes).size).toBe(schemes.length);
    for (const scheme of schemes) expect(isStoreUrl(`${scheme}://x`)).toBe(true);
  });
});
