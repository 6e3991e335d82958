import { UsageError } from './exit-codes.js';

/** True when `error` says that `packageName` itself (not something it needs) is not installed. */
function isMissingPackage(error: unknown, packageName: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return typeof message === 'string' && message.includes(`'${packageName}'`);
}

/**
 * Imports an adapter package, an optional peer dependency of the CLI.
 *
 * @throws UsageError naming the install command when the package is not installed.
 */
export async function loadAdapter<T>(
  packageName: string,
  scheme: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissingPackage(error, packageName)) {
      throw new UsageError(
        `${scheme}: stores need the ${packageName} package, which is not installed.\n` +
          `Install it next to @tokenstore/cli:  npm install ${packageName}`,
      );
    }
    throw error;
  }
}
