#!/usr/bin/env node
import { CommanderError } from 'commander';
import { describeError, exitCodeOf } from './describe-error.js';
import { EXIT, type ExitCode, UsageError } from './exit-codes.js';
import { createProgram } from './program.js';
import { redactSecrets } from './redact-url.js';

/** True for the error of writing to a pipe whose reader has gone (`tokenstore list | head`). */
function isClosedPipe(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EPIPE';
}

async function main(argv: readonly string[]): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.OK;
  const program = createProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed the message or the help already.
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    // The reader took what it wanted and left: stop quietly, as other command-line tools do.
    if (isClosedPipe(error)) return EXIT.OK;
    if (error instanceof UsageError) {
      process.stderr.write(`tokenstore: ${redactSecrets(error.message)}\n`);
      return EXIT.USAGE;
    }
    process.stderr.write(`tokenstore: ${describeError(error)}\n`);
    return exitCodeOf(error);
  } finally {
    if (program.opts<{ debugMaxRss?: boolean }>().debugMaxRss) {
      process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS} kB\n`);
    }
  }
}

/** How long a store's driver may take to let go of its sockets after close() before we exit. */
const EXIT_GRACE_MS = 2000;

// Without a listener, a closed stdout would crash the process with a stack trace.
process.stdout.on('error', (error: unknown) => {
  if (isClosedPipe(error)) process.exit(EXIT.OK);
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
    // Every store is closed by now; should a driver still hold a handle, exit anyway.
    setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
  },
  (error: unknown) => {
    process.stderr.write(`tokenstore: ${describeError(error)}\n`);
    process.exitCode = exitCodeOf(error);
  },
);
