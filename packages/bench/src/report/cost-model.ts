import type { CallCountRow, SecretsManagerResult, SkippedTarget } from '../results.js';
import { count, table } from './format.js';

/**
 * Secrets Manager list prices (US East, per the AWS pricing page when this was written; check
 * the current ones): a secret costs $0.40 a month (prorated), API calls $0.05 per 10,000.
 */
export const PRICE_PER_SECRET_MONTH = 0.4;
export const PRICE_PER_10K_CALLS = 0.05;
const HOURS_PER_MONTH = 730;

/** What the example application does (stated in the report). */
export interface Workload {
  readonly tokens: number;
  /** Unique keys each token holds: one index secret each, beside its record secret. */
  readonly keysPerToken: number;
  /** Access tokens live an hour: each is refreshed (a save with a new accessToken) hourly. */
  readonly refreshesPerHour: number;
  /** Keyed finds per token per hour (an API call reading the token first). */
  readonly findsPerHour: number;
}

/** The example of the Secrets Manager README: 10,000 tokens refreshed hourly, a find before each. */
export const EXAMPLE: Workload = {
  tokens: 10_000,
  keysPerToken: 3,
  refreshesPerHour: 1,
  findsPerHour: 1,
};

/** Reading the store on every API call instead of caching: say once a minute per token. */
const FINDS_WITHOUT_CACHE = 60;

function callsOf(result: SecretsManagerResult, operation: string): number {
  const row: CallCountRow | undefined = result.calls.find((r) => r.operation === operation);
  return row === undefined ? Number.NaN : Object.values(row.counted).reduce((a, b) => a + b, 0);
}

const dollars = (value: number) =>
  `$${value.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 })}`;

/** The monthly bill of the example workload, from the counted calls per operation. */
export function costModel(
  result: SecretsManagerResult | SkippedTarget,
  w: Workload = EXAMPLE,
): string {
  if ('reason' in result) return '';
  const secrets = w.tokens * (w.keysPerToken + 1);
  const refresh = callsOf(result, 'saveToken refresh (new accessToken)');
  const find = callsOf(result, 'findToken userName');
  const refreshCalls = w.tokens * w.refreshesPerHour * HOURS_PER_MONTH * refresh;
  const findCalls = w.tokens * w.findsPerHour * HOURS_PER_MONTH * find;
  const secretCost = secrets * PRICE_PER_SECRET_MONTH;
  const callCost = ((refreshCalls + findCalls) / 10_000) * PRICE_PER_10K_CALLS;
  return [
    `The Secrets Manager README's example, priced from the calls counted above: ${count(w.tokens)} tokens with ${w.keysPerToken} unique keys each (userName, accessToken, clientId + refreshToken), each refreshed ${w.refreshesPerHour}x an hour (${refresh} calls, counted above) and found by userName ${w.findsPerHour}x an hour (${find} calls). Prices: ${dollars(PRICE_PER_SECRET_MONTH)} per secret-month, ${dollars(PRICE_PER_10K_CALLS)} per 10,000 calls (list prices; check current pricing).`,
    '',
    table(
      ['item', 'per month', 'cost'],
      [
        ['secrets (1 record + 1 per unique key, per token)', count(secrets), dollars(secretCost)],
        [
          'refresh calls',
          count(refreshCalls),
          dollars((refreshCalls / 10_000) * PRICE_PER_10K_CALLS),
        ],
        ['find calls', count(findCalls), dollars((findCalls / 10_000) * PRICE_PER_10K_CALLS)],
        ['**total**', '', `**${dollars(secretCost + callCost)}**`],
      ],
    ),
    '',
    `Per token: ${dollars((secretCost + callCost) / w.tokens)} a month, of which the secrets are ${dollars(secretCost / w.tokens)}: the storage, not the calls, dominates. Reading the store ${FINDS_WITHOUT_CACHE}x an hour per token instead of caching would add ${dollars(((w.tokens * (FINDS_WITHOUT_CACHE - w.findsPerHour) * HOURS_PER_MONTH * find) / 10_000) * PRICE_PER_10K_CALLS)} a month.`,
  ].join('\n');
}
