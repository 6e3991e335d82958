import { MemoryBackend } from '@tokenstore/store-memory';
import type { TokenRecord, UniqueKeyKind, WriteResult } from '../src/backend-kit.js';

/** A memory backend that counts the calls core makes, as round trips to a server would be. */
export class CountingBackend extends MemoryBackend {
  readonly remote = true;
  readonly calls: string[] = [];
  readonly written: TokenRecord[] = [];

  override get(id: string) {
    this.calls.push('get');
    return super.get(id);
  }
  override findByKey(kind: UniqueKeyKind, digest: string) {
    this.calls.push('findByKey');
    return super.findByKey(kind, digest);
  }
  override insert(record: TokenRecord): Promise<WriteResult> {
    this.calls.push('insert');
    this.written.push(record);
    return super.insert(record);
  }
  override replace(next: TokenRecord, previous: TokenRecord): Promise<WriteResult> {
    this.calls.push('replace');
    this.written.push(next);
    return super.replace(next, previous);
  }
}
