import { inspect } from 'node:util';
import type { TokenStore } from '../store.js';
import { leaseChannel } from './channels.js';
import type { LeaseEvent } from './trace-context.js';

/** Publishes a lease event on `tokenstore:lease`; nothing is built when nobody subscribes. */
export function publishLeaseEvent(
  event: LeaseEvent['event'],
  tokenId: string,
  store: TokenStore,
  holderId?: string,
): void {
  if (!leaseChannel.hasSubscribers) return;
  const message: LeaseEvent =
    holderId === undefined
      ? { event, tokenId, store: inspect(store) }
      : { event, tokenId, holderId, store: inspect(store) };
  leaseChannel.publish(message);
}
