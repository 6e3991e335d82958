import fc from 'fast-check';
import type { TokenStore } from '../../store.js';
import { type Command, commandSequence } from './commands.js';
import { ModelFailure, ModelRun } from './execute.js';

/** What a model-based case needs to run. */
export interface ModelCaseOptions {
  readonly seed: number;
  readonly runs: number;
  /** Longest time spent shrinking a failure to its shortest sequence, on top of the search. */
  readonly shrinkTimeMs: number;
  /** A fresh, empty store for each run. */
  readonly store: () => Promise<TokenStore>;
  readonly reopen: ((store: TokenStore) => Promise<TokenStore>) | undefined;
  /** False when the store declared it lacks `listingDuringWrites`. */
  readonly listingDuringWrites: boolean;
}

/**
 * Runs random command sequences against fresh stores and the reference model. On a failure,
 * shrinks it (within a time budget) and throws an error naming the seed and showing the
 * shortest failing sequence as code a store author can paste into a test.
 */
export async function runModel(options: ModelCaseOptions): Promise<void> {
  let firstFailureAt: number | undefined;
  const property = fc.asyncProperty(
    commandSequence({
      persistence: options.reopen !== undefined,
      listingDuringWrites: options.listingDuringWrites,
    }),
    async (commands: Command[]) => {
      if (
        firstFailureAt !== undefined &&
        performance.now() - firstFailureAt > options.shrinkTimeMs
      ) {
        return; // out of shrinking time: keep the smallest failure found so far
      }
      const store = await options.store();
      const run = new ModelRun({ store, reopen: options.reopen });
      try {
        await run.run(commands);
      } catch (error) {
        firstFailureAt ??= performance.now();
        throw error;
      } finally {
        await run.store.close().catch(() => {});
      }
    },
  );
  const details = await fc.check(property, { seed: options.seed, numRuns: options.runs });
  if (!details.failed) return;
  const failure = details.errorInstance;
  const transcript = failure instanceof ModelFailure ? failure.transcript : [];
  const reason = failure instanceof Error ? failure.message : String(failure);
  const lines = [
    `model-based run failed (seed ${details.seed}, run ${details.numRuns} of ${options.runs}, shrunk ${details.numShrinks} times): ${reason}`,
    '',
    'The shortest failing sequence found, as code (`create()` and `reopen()` as given to the suite):',
    '',
    ...transcript.map((line) => `  ${line}`),
    '',
    `Run again with { seed: ${details.seed} } (or TOKENSTORE_CONFORMANCE_SEED=${details.seed}) to reproduce.`,
  ];
  throw new Error(lines.join('\n'), {
    cause: failure instanceof ModelFailure ? failure.cause : failure,
  });
}
