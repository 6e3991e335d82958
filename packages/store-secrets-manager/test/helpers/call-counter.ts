import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Counts the commands a client sends, by command name (`GetSecretValue: 2`). */
export class CallCounter {
  #counts = new Map<string, number>();

  /** Adds a middleware to `client` that counts every command it sends (retries not counted). */
  constructor(client: SecretsManagerClient) {
    client.middlewareStack.add(
      (next, context) => (args) => {
        const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        this.#counts.set(name, (this.#counts.get(name) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: `callCounter-${Math.random()}` },
    );
  }

  /** The counts since the last reset, without zero entries. */
  get counts(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }

  get total(): number {
    let sum = 0;
    for (const count of this.#counts.values()) sum += count;
    return sum;
  }

  /** Counts what `work` sends, from zero. */
  async during<T>(work: () => Promise<T>): Promise<{ result: T; counts: Record<string, number> }> {
    this.#counts.clear();
    const result = await work();
    return { result, counts: this.counts };
  }

  reset(): void {
    this.#counts.clear();
  }
}
