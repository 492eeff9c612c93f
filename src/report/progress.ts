import cliProgress from 'cli-progress';

/**
 * Progress of a long run on stderr (stdout carries plan text and JSON), for apply, plan's detail fetch and pull:
 * on a terminal one bar with rate and ETA — `applying [████░░░░] 120/400 · 8.1/s · ETA 35s · documents` — redrawn
 * in place and cleared at the end; otherwise (CI logs) a line every 10% or 5 s. Nothing with `--quiet`, and nothing
 * for runs with less work than `minimum`.
 */
export interface ProgressStep {
  done: number;
  total: number;
  phase: string;
}

export interface ProgressReporter {
  update(step: ProgressStep): void;
  stop(): void;
}

export interface ProgressOptions {
  tty: boolean;
  quiet: boolean;
  /** Less work than this shows nothing (default 50). */
  minimum?: number;
  /** What the bar says it is doing: `applying`, `fetching`, `pulling`. */
  label?: string;
  /** The periodic line off a terminal; default `<label>: done/total (n%) phase`. */
  line?: (step: ProgressStep) => string;
  /** Off a terminal, a new phase starts its own tenths (pull counts each phase from 0). */
  linePerPhase?: boolean;
}

const quietReporter: ProgressReporter = { update() {}, stop() {} };

/** The bars drawn now: a signal clears them before the process says why it stops. */
const activeBars = new Set<ProgressReporter>();

export function createProgress(options: ProgressOptions): ProgressReporter {
  if (options.quiet) return quietReporter;
  return options.tty ? barReporter(options) : lineReporter(options);
}

/** Clears every bar on the terminal (the cursor shown again), e.g. before a signal's message. */
/** Set once the process is stopping: no bar is drawn again over the message that says where it stopped. */
let stopping = false;

export function stopAllProgress(): void {
  stopping = true;
  for (const reporter of [...activeBars]) reporter.stop();
}

function barReporter(options: ProgressOptions): ProgressReporter {
  const minimum = options.minimum ?? 50;
  const label = options.label ?? 'applying';
  let bar: cliProgress.SingleBar | undefined;
  let current: ProgressStep = { done: 0, total: 0, phase: '' };
  let startedAt = 0;
  const reporter: ProgressReporter = {
    update(step) {
      if (step.total < minimum || stopping) return;
      if (step.total !== current.total || step.done < current.done) startedAt = Date.now();
      current = step;
      if (!bar) {
        bar = new cliProgress.SingleBar({
          format: () =>
            formatProgressBar(label, current, Date.now() - startedAt, process.stderr.columns ?? 80),
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: true,
          fps: 5,
        });
        bar.start(step.total, step.done);
        activeBars.add(reporter);
      }
      bar.setTotal(step.total);
      bar.update(step.done);
    },
    stop() {
      activeBars.delete(reporter);
      bar?.stop();
      bar = undefined;
    },
  };
  return reporter;
}

function lineReporter(options: ProgressOptions): ProgressReporter {
  const minimum = options.minimum ?? 50;
  const label = options.label ?? 'applying';
  const line =
    options.line ??
    (({ done, total, phase }: ProgressStep) =>
      `${label}: ${done}/${total} (${Math.round((done / total) * 100)}%) ${phase}`);
  let last = '';
  let lastAt = Date.now();
  return {
    update(step) {
      if (step.total < minimum) return;
      const tenth = `${options.linePerPhase ? step.phase : ''}:${Math.floor((step.done / step.total) * 10)}`;
      if (tenth === last && Date.now() - lastAt <= 5_000 && step.done !== step.total) return;
      last = tenth;
      lastAt = Date.now();
      process.stderr.write(`${line(step)}\n`);
    },
    stop() {},
  };
}

/** One bar line: `label [████░░░░] done/total · rate/s · ETA 35s · phase`, the bar fitted to the terminal. */
export function formatProgressBar(
  label: string,
  step: ProgressStep,
  elapsedMs: number,
  columns: number,
): string {
  const { done, total, phase } = step;
  const perSecond = elapsedMs >= 500 && done > 0 ? done / (elapsedMs / 1000) : undefined;
  const rate =
    perSecond === undefined ? '–/s' : `${perSecond < 10 ? perSecond.toFixed(1) : Math.round(perSecond)}/s`;
  const eta = perSecond === undefined ? '–' : formatDuration((total - done) / perSecond);
  const tail = ` ${done}/${total} · ${rate} · ETA ${eta}${phase ? ` · ${phase}` : ''}`;
  const width = Math.max(10, Math.min(40, columns - label.length - tail.length - 4));
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}]${tail}`;
}

/** `35s`, `2m05s`, `1h02m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Pull's progress: on a terminal one bar through its phases, otherwise `pulling details: 120/400` every 10% of each. */
export function createPullProgress(options: { tty: boolean; quiet: boolean }): ProgressReporter {
  return createProgress({
    ...options,
    label: 'pulling',
    linePerPhase: true,
    line: ({ phase, done, total }) => `pulling ${phase}: ${done}/${total}`,
  });
}
