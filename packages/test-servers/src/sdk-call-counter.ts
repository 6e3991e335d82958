/** A handler in an AWS SDK v3 client's middleware stack. */
type Handler = (args: never) => Promise<unknown>;

/**
 * What {@link SdkCallCounter} needs of an AWS SDK v3 client (a `SecretsManagerClient` against
 * moto): its middleware stack. Structural, so this package does not depend on the SDK.
 */
export interface MiddlewareClient {
  readonly middlewareStack: {
    add(
      middleware: (next: Handler, context: { commandName?: string }) => Handler,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * Counts the commands an AWS SDK v3 client sends, by command name (`GetSecretValue: 2`), with
 * a middleware on the client; the SDK's own retries of one command are not counted. The
 * Secrets Manager store's call-count tests and the bench's call counts both use it.
 */
export class SdkCallCounter {
  readonly #counts = new Map<string, number>();

  constructor(client: MiddlewareClient) {
    client.middlewareStack.add(
      (next, context) => (args) => {
        const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        this.#counts.set(name, (this.#counts.get(name) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: `sdkCallCounter-${Math.random()}` },
    );
  }

  /** The counts since the last reset, by command name in alphabetical order; no zero entries. */
  get counts(): Record<string, number> {
    return Object.fromEntries([...this.#counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Counts what `work` sends, from zero. */
  async during<T>(work: () => Promise<T>): Promise<{ result: T; counts: Record<string, number> }> {
    this.#counts.clear();
    const result = await work();
    return { result, counts: this.counts };
  }
}
