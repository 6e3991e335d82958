/**
 * An error of the Redis driver, reduced to its name, message and code. ioredis attaches the
 * failed command with all its arguments to its errors (`error.command.args`, and a cluster's
 * `lastNodeError`), and those arguments hold token data: the copy keeps none of that, so
 * `util.inspect` of a store error and its cause shows no secret.
 */
export class RedisDriverError extends Error {
  override readonly name: string;
  readonly code?: string;

  constructor(source: unknown) {
    const error = source instanceof Error ? source : undefined;
    super(error?.message ?? 'the Redis driver failed');
    this.name = error?.name ?? 'Error';
    const code = (source as { code?: unknown } | null)?.code;
    if (typeof code === 'string') this.code = code;
  }
}

/** Runs a driver call; whatever it throws comes out as a {@link RedisDriverError}. */
export async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new RedisDriverError(error);
  }
}
