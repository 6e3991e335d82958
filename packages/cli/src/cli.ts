#!/usr/bin/env node
import { isTokenStoreError } from '@tokenstore/core';
import { CommanderError } from 'commander';
import { EXIT, type ExitCode, UsageError } from './exit-codes.js';
import { createProgram } from './program.js';

/** The message of an error that is not ours: never its cause, which may hold driver details. */
function describe(error: unknown): string {
  if (isTokenStoreError(error)) return `${error.message} (${error.code})`;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

async function main(argv: readonly string[]): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.OK;
  const program = createProgram((code) => {
    exitCode = code;
  });
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed the message or the help already.
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`tokenstore: ${error.message}\n`);
      return EXIT.USAGE;
    }
    process.stderr.write(`tokenstore: ${describe(error)}\n`);
    return EXIT.UNAVAILABLE;
  } finally {
    if (program.opts<{ debugMaxRss?: boolean }>().debugMaxRss) {
      process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS} kB\n`);
    }
  }
}

/** How long a store's driver may take to let go of its sockets after close() before we exit. */
const EXIT_GRACE_MS = 2000;

main(process.argv).then(
  (code) => {
    process.exitCode = code;
    // Every store is closed by now; should a driver still hold a handle, exit anyway.
    setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
  },
  (error: unknown) => {
    process.stderr.write(`tokenstore: ${describe(error)}\n`);
    process.exitCode = EXIT.UNAVAILABLE;
  },
);
