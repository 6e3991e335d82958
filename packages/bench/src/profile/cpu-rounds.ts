/** Calls per round of a variant. */
export const CALLS_PER_ROUND = 20_000;

/**
 * Runs every variant `CALLS_PER_ROUND` times per round, interleaved over `rounds` rounds, and
 * prints each one's µs of the process's CPU time per call (minimum and first quartile over
 * rounds): CPU time, because a loaded shared machine distorts wall time more.
 */
export async function printCpuTimes(
  variants: Record<string, () => unknown>,
  rounds: number,
): Promise<void> {
  const times: Record<string, number[]> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, call] of Object.entries(variants)) {
      const started = process.cpuUsage();
      for (let n = 0; n < CALLS_PER_ROUND; n++) {
        const result = call();
        if (result instanceof Promise) await result;
      }
      const used = process.cpuUsage(started);
      times[name] = [...(times[name] ?? []), (used.user + used.system) / CALLS_PER_ROUND];
    }
  }
  const width = Math.max(...Object.keys(variants).map((name) => name.length)) + 2;
  for (const [name, all] of Object.entries(times)) {
    all.sort((a, b) => a - b);
    const quartile = all[Math.floor(all.length / 4)] as number;
    console.log(
      `${name.padEnd(width)} min ${(all[0] as number).toFixed(2)} µs, p25 ${quartile.toFixed(2)} µs`,
    );
  }
}
