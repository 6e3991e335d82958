import type { Collection, Document, MongoClient } from 'mongodb';
import { expect } from 'vitest';
import { DATABASE } from './server.js';

export type RawDocument = Document & { _id: string };

/** The raw collection behind a store, read with the driver directly. */
export function rawCollection(client: MongoClient, collection: string): Collection<RawDocument> {
  return client.db(DATABASE).collection<RawDocument>(collection);
}

/** Every raw document, in `_id` order. */
export function snapshot(collection: Collection<RawDocument>): Promise<RawDocument[]> {
  return collection.find({}, { sort: { _id: 1 } }).toArray();
}

/** Expects `work` to reject with a token store error of `code`. */
export async function expectCode(work: Promise<unknown> | (() => Promise<unknown>), code: string) {
  const promise = typeof work === 'function' ? work() : work;
  await expect(promise).rejects.toMatchObject({ code });
}

/** Drains an async iterable. */
export async function drain(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const all: unknown[] = [];
  for await (const item of iterable) all.push(item);
  return all;
}
