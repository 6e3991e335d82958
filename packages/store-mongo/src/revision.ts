import { createHash } from 'node:crypto';

/**
 * The revision a document holding `data` is written with (its `r`): the SHA-256 digest of the
 * data, base64url (43 characters). The compare-and-set of an update matches it instead of the
 * data itself, so the command carries 43 bytes instead of a second copy of the token, at every
 * size (a filter holding the data cannot fit beside a document over about 8 MiB).
 *
 * A digest rather than a random value: two documents with the same revision hold the same data,
 * and an update starting from either loses nothing (what the data comparison promised), and the
 * document a record makes stays a function of the record, so anything that writes documents
 * the store's way (a benchmark's seeder) can write exactly what the store writes. Nothing it
 * reveals is not in the document already: `d` is beside it (with encryption at rest, `d` is
 * ciphertext and `r` its digest).
 */
export function revisionOf(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('base64url');
}
