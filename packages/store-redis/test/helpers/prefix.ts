import { randomUUID } from 'node:crypto';

/** A fresh namespace per store, so tests sharing one server never see each other's keys. */
export function randomPrefix(): string {
  return `t${randomUUID()}:`;
}
