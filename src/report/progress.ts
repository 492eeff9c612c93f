import cliProgress from 'cli-progress';
import type { ApplyProgress } from '../sync/apply.js';

/**
 * Progress of a long run: a bar on a terminal, a line every 10% (or 5 s) otherwise, as CI logs want. Only for runs
 * with enough work to be worth it.
 */
export interface ProgressReporter {
  update(progress: ApplyProgress): void;
  stop(): void;
}

export function createProgress(options: {
  tty: boolean;
  quiet: boolean;
  minimum?: number;
}): ProgressReporter {
  const minimum = options.minimum ?? 50;
  if (options.quiet) return { update() {}, stop() {} };
  if (options.tty) {
    let bar: cliProgress.SingleBar | undefined;
    return {
      update({ done, total, phase }) {
        if (total < minimum) return;
        if (!bar) {
          bar = new cliProgress.SingleBar(
            {
              format: 'applying [{bar}] {value}/{total} {phase}',
              stream: process.stderr,
              hideCursor: true,
              clearOnComplete: true,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, 0, { phase });
        }
        bar.update(done, { phase });
      },
      stop() {
        bar?.stop();
      },
    };
  }
  let lastPercent = 0;
  let lastAt = Date.now();
  return {
    update({ done, total, phase }) {
      if (total < minimum) return;
      const percent = Math.floor((done / total) * 10) * 10;
      if (percent > lastPercent || Date.now() - lastAt > 5_000 || done === total) {
        lastPercent = percent;
        lastAt = Date.now();
        process.stderr.write(`applying: ${done}/${total} (${Math.round((done / total) * 100)}%) ${phase}\n`);
      }
    },
    stop() {},
  };
}
