import type { ServerProcess } from './process.js';

/** How long a server may take to answer its first protocol ping. */
export const READY_TIMEOUT_MS = 20_000;

const POLL_MS = 25;

/**
 * Polls `probe` until it resolves true. Throws, with the server's output tail, when the process
 * exits first or `timeoutMs` passes. A probe that throws counts as "not yet".
 */
export async function waitUntilReady(
  proc: ServerProcess,
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = READY_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    if (!proc.running) {
      const exit = proc.exit;
      throw new Error(
        `${what} exited before it was ready (code ${exit?.code ?? 'none'}, signal ${exit?.signal ?? 'none'}):\n${proc.outputTail()}`,
      );
    }
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      await proc.kill();
      throw new Error(
        `${what} was not ready within ${timeoutMs} ms${lastError ? ` (last probe: ${lastError})` : ''}:\n${proc.outputTail()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Polls `check` until it resolves true, or throws `message` after `timeoutMs`. */
export async function pollUntil(
  check: () => Promise<boolean>,
  message: () => string,
  timeoutMs = READY_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() >= deadline) throw new Error(`${message()} (after ${timeoutMs} ms)`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
