// The README's "MyStore": a third party's store, core's BackedTokenStore over a backend of
// plain Maps shared by namespace name (so that reopen sees the same data, as a second
// connection would). Every method runs to completion without awaiting: each is atomic.
const { BackedTokenStore } = require('@tokenstore/core');

const namespaces = new Map();

function space(name) {
  let found = namespaces.get(name);
  if (found === undefined) {
    found = { records: new Map(), keys: new Map() };
    namespaces.set(name, found);
  }
  return found;
}

const slots = (keys) => Object.entries(keys).map(([kind, digest]) => `${kind}:${digest}`);

class MapBackend {
  constructor(namespace) {
    this.namespace = namespace;
    this.space = space(namespace);
  }
  async get(id) {
    return this.space.records.get(id) ?? null;
  }
  async findByKey(kind, digest) {
    const id = this.space.keys.get(`${kind}:${digest}`);
    return id === undefined ? null : (this.space.records.get(id) ?? null);
  }
  async insert(record) {
    if (this.space.records.has(record.id)) return { status: 'duplicate', key: 'id' };
    if (slots(record.keys).some((slot) => this.space.keys.has(slot)))
      return { status: 'duplicate' };
    this.#write(record);
    return { status: 'ok' };
  }
  async replace(next, previous) {
    const stored = this.space.records.get(next.id);
    if (stored === undefined || stored.version !== previous.version) return { status: 'stale' };
    const taken = slots(next.keys).some((slot) => {
      const holder = this.space.keys.get(slot);
      return holder !== undefined && holder !== next.id;
    });
    if (taken) return { status: 'duplicate' };
    for (const slot of slots(stored.keys)) this.space.keys.delete(slot);
    this.#write(next);
    return { status: 'ok' };
  }
  async delete(id) {
    const stored = this.space.records.get(id);
    if (stored === undefined) return false;
    for (const slot of slots(stored.keys)) this.space.keys.delete(slot);
    return this.space.records.delete(id);
  }
  async *scan(pageSize) {
    let page = [];
    for (const record of this.space.records.values()) {
      page.push(record);
      if (page.length >= pageSize) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  }
  async clear() {
    this.space.records.clear();
    this.space.keys.clear();
  }
  async close() {}
  describe() {
    return `map namespace=${JSON.stringify(this.namespace)}`;
  }
  #write(record) {
    this.space.records.set(record.id, { ...record, keys: { ...record.keys } });
    for (const slot of slots(record.keys)) this.space.keys.set(slot, record.id);
  }
}

class MyStore extends BackedTokenStore {
  constructor({ namespace }) {
    super(new MapBackend(namespace));
  }
}

module.exports = { MyStore };
