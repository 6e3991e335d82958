import cliProgress from 'cli-progress';
import type { CopyTally } from './copy-tally.js';
import { warn } from './output.js';

/** Shows how far a copy (migrate, import) has got, on stderr. */
export interface Progress {
  /** Called after each item; cheap. */
  update(tally: CopyTally): void;
  /** Ends the display (the bar's last state stays on screen). */
  stop(tally: CopyTally): void;
}

function summary(tally: CopyTally): string {
  const parts = [`${tally.created} created`, `${tally.unchanged} unchanged`];
  if (tally.updated > 0) parts.push(`${tally.updated} updated`);
  parts.push(`${tally.conflicts} conflicts`, `${tally.invalid} invalid`);
  if (tally.malformed > 0) parts.push(`${tally.malformed} malformed`);
  return parts.join(', ');
}

/** What the bar shows besides its progress: only what went wrong, briefly (the report says all). */
function problems(tally: CopyTally): string {
  const parts: string[] = [];
  if (tally.conflicts > 0) parts.push(`${tally.conflicts} conflicts`);
  if (tally.invalid > 0) parts.push(`${tally.invalid} invalid`);
  if (tally.malformed > 0) parts.push(`${tally.malformed} malformed`);
  return parts.length === 0 ? '' : ` ${parts.join(', ')}`;
}

/** The narrowest bar drawn, and the widest. */
const BAR_SIZES = { min: 10, max: 40 } as const;

/**
 * The bar's format and size for a terminal `columns` wide: everything but the problem counts
 * fits on one line (which a terminal would otherwise wrap, so each redraw adds a line), with
 * the widest counts `total` can reach and the widest ETA cli-progress prints.
 */
export function barLayout(
  label: string,
  total: number,
  columns: number,
): { format: string; barsize: number } {
  const format = `${label} [{bar}] {percentage}% {value}/{total} ETA {eta_formatted}{problems}`;
  const digits = String(Math.max(total, 1) * 10).length; // the total may grow during the copy
  const fixed = `${label} [] 100% ${'9'.repeat(digits)}/${'9'.repeat(digits)} ETA 99h59m`.length;
  const barsize = Math.max(BAR_SIZES.min, Math.min(BAR_SIZES.max, columns - 1 - fixed));
  return { format, barsize };
}

/** A bar that redraws in place: for a terminal. */
function barProgress(label: string, total: number): Progress {
  const { format, barsize } = barLayout(label, total, process.stderr.columns || 80);
  const bar = new cliProgress.SingleBar(
    {
      format,
      barsize,
      stream: process.stderr,
      hideCursor: true,
      fps: 5,
      // The bar is updated per token: estimate the rate over the last thousands, not the last 10.
      etaBuffer: 5000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { problems: '' });
  return {
    update(tally) {
      // The total is a count taken before the copy: grow it if the source grew meanwhile.
      if (tally.done > bar.getTotal()) bar.setTotal(tally.done);
      bar.update(tally.done, { problems: problems(tally) });
    },
    stop(tally) {
      bar.update(tally.done, { problems: problems(tally) });
      bar.stop(); // shows the cursor again
    },
  };
}

/** A plain line every 10 % (or every 10 000 items when the total is unknown): for logs and pipes. */
function lineProgress(label: string, total: number | undefined): Progress {
  const step = total === undefined ? 10_000 : Math.max(1, Math.ceil(total / 10));
  let next = step;
  const line = (tally: CopyTally) =>
    warn(`${label}: ${tally.done}${total === undefined ? '' : `/${total}`} (${summary(tally)})`);
  return {
    update(tally) {
      if (tally.done < next) return;
      next += step;
      line(tally);
    },
    stop(tally) {
      if (tally.done !== next - step) line(tally);
    },
  };
}

/** No output at all, for `--quiet`. */
const silentProgress: Progress = { update() {}, stop() {} };

/** The progress display that suits stderr: a bar on a terminal, plain lines otherwise. */
export function createProgress(
  label: string,
  total: number | undefined,
  options: { quiet: boolean },
): Progress {
  if (options.quiet) return silentProgress;
  if (process.stderr.isTTY && total !== undefined) return barProgress(label, total);
  return lineProgress(label, total);
}
