import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { type LoadedConfig, type ResolvedEnvironment, resolveEnvironment } from '../config/load.js';
import { type Diagnostic, UserInputError } from '../diagnostics/diagnostic.js';
import { type Connection, connect } from '../remote/connect.js';
import { formatApplyResult } from '../report/apply-output.js';
import { type DiagnosticsSummary, formatSummary, summarize } from '../report/diagnostics-output.js';
import { formatPlanMarkdown, formatPlanText, plain } from '../report/plan-output.js';
import { createProgress } from '../report/progress.js';
import type { ApplyResult } from '../sync/apply.js';
import { type ApplyRunReport, applyIncomplete, applyRun } from '../sync/apply-run.js';
import { checkProject, type ProjectCheck } from '../sync/check-project.js';
import { makePlan, type PlanRun } from '../sync/make-plan.js';
import { type Plan, unfinishedApply } from '../sync/plan.js';
import { planDocument, writePlanFile } from '../sync/plan-file.js';
import { type GithubContext, readGithubContext } from './github-context.js';
import { type ActionInputs, readActionInputs } from './inputs.js';
import {
  applyMarkdown,
  commentBudget,
  commentFooter,
  failureMarkdown,
  previewLine,
  summaryBudget,
  validateMarkdown,
} from './markdown.js';
import { planCommentMarker, upsertStickyComment } from './pr-comment.js';
import {
  appendSummary,
  exportToLaterSteps,
  SUMMARY_LIMIT,
  setOutputs,
  truncateMarkdown,
} from './workflow-files.js';

/**
 * The GitHub Action (`.github/actions/oc-sync`): validate, plan or apply with the environment a runner provides.
 * Validation problems become file annotations; a plan goes to the job summary and to one sticky comment on the pull
 * request; an apply's result goes to the job summary; counts go to the step outputs. Returns the exit code: 1 when
 * the content does not validate, when planning fails, and when an apply failed or left drifted documents untouched.
 *
 * Like every step built on `@actions/core`, it reads the process's environment (`INPUT_*`, `GITHUB_*`, credentials)
 * and writes the log, annotations and workflow commands to its stdout; the folder and the fetch are passed in.
 */

export interface ActionIo {
  /** The step's working folder; `working-directory` is relative to it. */
  cwd: string;
  /** For the GitHub API only; Online Contact calls go through the project's client. */
  fetch?: typeof globalThis.fetch;
}

const ANNOTATED_VARIABLE = 'OC_SYNC_ANNOTATED';

/** GitHub caps a comment at 65,536 characters; the margin is for what counts them differently. */
const COMMENT_LIMIT = 60_000;

export async function runAction(io: ActionIo): Promise<number> {
  const parsed = readActionInputs();
  if (!parsed.ok) {
    for (const problem of parsed.problems) core.error(problem, { title: 'oc-sync' });
    return 1;
  }
  const run = startActionRun(io, parsed.inputs, await readGithubContext(process.env));
  const validation = await validateStep(run);
  if (run.inputs.command === 'validate') return finishValidate(run, validation);
  const failure: FailureTarget = {
    command: run.inputs.command,
    environment: markerEnvironmentOf(run, validation),
  };
  const loaded = validation.check.loaded;
  if (!loaded || validation.check.contentErrors > 0) {
    // The annotations above already name every problem; the summary and the comment list them again.
    setOutputs(validation.counts);
    return failStep(
      run,
      failure,
      `the config or content/ does not validate (${formatSummary(validation.summary)}); nothing was sent to the service`,
      validation.check.diagnostics,
      true,
    );
  }
  try {
    const { environment, connection } = await openEnvironment(run, loaded, failure.command);
    await using _ = connection;
    const session = actionSession(run, validation, loaded, environment, connection);
    return failure.command === 'plan' ? await planStep(run, session) : await applyStep(run, session);
  } catch (error) {
    if (error instanceof UserInputError) return failStep(run, failure, error.message, error.diagnostics);
    return failStep(run, failure, error instanceof Error ? error.message : String(error));
  }
}

/** One run of the Action: its inputs, the runner's context, and how it writes to the log. */
interface ActionRun {
  io: ActionIo;
  inputs: ActionInputs;
  github: GithubContext;
  /** The project folder (`working-directory`). */
  workdir: string;
  say(line: string): void;
  /** Diagnostics name files relative to the project; annotations want them relative to the repository. */
  repoFile(file: string): string;
  annotate(diagnostics: readonly Diagnostic[]): void;
}

interface Validation {
  check: ProjectCheck;
  summary: DiagnosticsSummary;
  /** The `errors` and `warnings` step outputs. */
  counts: Record<string, string>;
  /** What this step annotated, for the steps after it. */
  annotated: string;
}

/** A plan or apply with an open connection. */
interface ActionSession {
  loaded: LoadedConfig;
  environment: ResolvedEnvironment;
  connection: Connection;
  header: { environment: string; serviceId: string };
  prune: boolean;
  planFile: string;
  counts: Record<string, string>;
}

/** Where a failure is reported: its command, and the environment the plan comment is kept for. */
interface FailureTarget {
  command: 'plan' | 'apply';
  environment: string;
}

function startActionRun(io: ActionIo, inputs: ActionInputs, github: GithubContext): ActionRun {
  const say = core.info;
  const workdir = path.resolve(io.cwd, inputs.workingDirectory);
  const workspace = path.resolve(github.workspace ?? io.cwd);
  const repoFile = (file: string) => {
    const abs = path.resolve(workdir, file);
    const relative = path.relative(workspace, abs);
    if (!existsSync(abs) || relative.startsWith('..') || path.isAbsolute(relative)) return file;
    return relative.split(path.sep).join('/');
  };
  const annotate = (diagnostics: readonly Diagnostic[]) => {
    for (const d of diagnostics) {
      const annotation = d.severity === 'error' ? core.error : core.warning;
      annotation(d.hint ? `${d.message}\n${d.hint}` : d.message, {
        file: repoFile(d.file),
        startLine: d.line,
        startColumn: d.column,
        title: d.rule,
      });
    }
  };
  return { io, inputs, github, workdir, say, repoFile, annotate };
}

async function validateStep(run: ActionRun): Promise<Validation> {
  const { inputs, workdir, say } = run;
  const check = await checkProject({ cwd: workdir, configFile: inputs.config, env: process.env });
  const summary = summarize(check.diagnostics);
  // A validate step tells the job's later steps what it annotated, so a plan after it does not annotate it twice.
  const annotated = createHash('sha256')
    .update(JSON.stringify([workdir, check.diagnostics]))
    .digest('hex')
    .slice(0, 16);
  if (check.diagnostics.length > 0 && process.env[ANNOTATED_VARIABLE] === annotated) {
    say(`${formatSummary(summary)}: annotated by the validate step before this one`);
  } else {
    run.annotate(check.diagnostics);
  }
  say(`oc-sync validate: ${formatSummary(summary)}`);
  const counts = { errors: String(summary.errors), warnings: String(summary.warnings) };
  return { check, summary, counts, annotated };
}

async function finishValidate(run: ActionRun, validation: Validation): Promise<number> {
  const { github } = run;
  await appendSummary(github.summaryFile, validateMarkdown(validation.check.diagnostics, run.repoFile));
  setOutputs(validation.counts);
  exportToLaterSteps(ANNOTATED_VARIABLE, validation.annotated);
  return validation.check.errors > 0 ? 1 : 0;
}

function markerEnvironmentOf(run: ActionRun, validation: Validation): string {
  return (
    run.inputs.environment ??
    (process.env.OC_ENV || validation.check.loaded?.config.defaultEnvironment || 'default')
  );
}

async function failStep(
  run: ActionRun,
  target: FailureTarget,
  message: string,
  diagnostics: readonly Diagnostic[] = [],
  shown = false,
): Promise<number> {
  const { command, environment } = target;
  if (!shown) run.annotate(diagnostics);
  core.error(message, { title: `oc-sync ${command}` });
  const markdown = failureMarkdown({ command, environment, message, diagnostics, files: run.repoFile });
  await appendSummary(run.github.summaryFile, markdown);
  if (command === 'plan') await postComment(run.io, run.inputs, run.github, environment, () => markdown);
  return 1;
}

async function openEnvironment(
  run: ActionRun,
  loaded: LoadedConfig,
  command: 'plan' | 'apply',
): Promise<{ environment: ResolvedEnvironment; connection: Connection }> {
  const { inputs } = run;
  const environment = resolveEnvironment(loaded, { name: inputs.environment, env: process.env });
  if (command === 'apply' && environment.protected && environment.selectedBy !== 'name') {
    throw new UserInputError(
      `environment ${environment.name} is protected: the Action applies to it only when its environment input names it`,
      [],
    );
  }
  const connection = await connect(environment, {
    settings: loaded.config.sync,
    onRequest: (event) => {
      if (inputs.verbose)
        process.stderr.write(
          `${event.method} ${event.path} → ${event.status ?? 'no response'}${event.resultCode ? ` (${event.resultCode})` : ''} ${event.ms} ms\n`,
        );
    },
  });
  return { environment, connection };
}

function actionSession(
  run: ActionRun,
  validation: Validation,
  loaded: LoadedConfig,
  environment: ResolvedEnvironment,
  connection: Connection,
): ActionSession {
  const { inputs } = run;
  const planFile = inputs.out
    ? path.resolve(run.workdir, inputs.out)
    : path.join(process.env.RUNNER_TEMP || tmpdir(), 'oc-sync', `plan-${environment.name}.json`);
  return {
    loaded,
    environment,
    connection,
    header: { environment: environment.name, serviceId: connection.serviceId },
    prune: inputs.prune ?? loaded.config.sync.prune,
    planFile,
    counts: validation.counts,
  };
}

async function savePlan(session: ActionSession, run: PlanRun): Promise<void> {
  const { planFile, environment, connection, prune } = session;
  const { plan, basis, desired } = run;
  await mkdir(path.dirname(planFile), { recursive: true });
  await writePlanFile(
    planFile,
    planDocument(plan, {
      environment: environment.name,
      serviceId: connection.serviceId,
      prune,
      basis,
      desired,
    }),
  );
}

async function planStep(run: ActionRun, session: ActionSession): Promise<number> {
  const { inputs, github, say } = run;
  const { loaded, environment, connection, header } = session;
  const planRun = await makePlan({
    loaded,
    environment,
    connection,
    projectRoot: loaded.root,
    cwd: run.workdir,
    prune: session.prune,
    maxDeletes: inputs.maxDeletes,
    overwriteDrift: inputs.overwriteDrift,
  });
  const plan = planRun.plan;
  await savePlan(session, planRun);
  say(formatPlanText(plan, header));
  await appendSummary(github.summaryFile, formatPlanMarkdown(plan, header, summaryBudget(SUMMARY_LIMIT)));
  setOutputs({
    ...session.counts,
    ...planOutputs(plan),
    'plan-file': session.planFile,
  });
  await postComment(run.io, inputs, github, environment.name, (room) =>
    formatPlanMarkdown(plan, header, commentBudget(room, github.runUrl)),
  );
  // What apply would refuse fails the pull request's check now, not the apply after the merge.
  for (const refusal of plan.refusals ?? [])
    core.error(`apply will refuse this plan: ${refusal.message}`, { title: 'oc-sync plan' });
  const unfinished = unfinishedApply(plan);
  for (const reason of unfinished) core.error(reason, { title: 'oc-sync plan' });
  return plan.refusals?.length || unfinished.length ? 1 : 0;
}

async function applyStep(run: ActionRun, session: ActionSession): Promise<number> {
  const report = await applyWithProgress(run, session);
  await savePlan(session, report.run);
  for (const note of report.notes) run.say(note);
  const resultText = formatApplyResult(
    report.result,
    { requests: report.requests, ms: report.ms, environment: session.environment.name },
    plain,
  );
  run.say(resultText);
  annotateApply(report.result);
  const frame = {
    environment: session.environment.name,
    serviceId: session.connection.serviceId,
    resultText,
    notes: report.notes,
  };
  // The plan gets what the result leaves of the summary's budget.
  const room = SUMMARY_LIMIT - Buffer.byteLength(applyMarkdown({ ...frame, planMarkdown: '' }), 'utf8');
  const planMarkdown = formatPlanMarkdown(report.run.plan, session.header, summaryBudget(room));
  await appendSummary(run.github.summaryFile, applyMarkdown({ ...frame, planMarkdown }));
  setOutputs(applyOutputs(session, report.result));
  return applyIncomplete(report.result) ? 1 : 0;
}

async function applyWithProgress(run: ActionRun, session: ActionSession): Promise<ApplyRunReport> {
  const { inputs } = run;
  const { loaded } = session;
  const progress = createProgress({ tty: false, quiet: false });
  const report = await applyRun({
    loaded,
    environment: session.environment,
    connection: session.connection,
    cwd: run.workdir,
    prune: session.prune,
    overwriteDrift: inputs.overwriteDrift ?? loaded.config.sync.onDrift === 'overwrite',
    maxDeletes: inputs.maxDeletes ?? loaded.config.sync.maxDeletes,
    concurrency: inputs.concurrency ?? loaded.config.sync.concurrency,
    onPlan: (planRun) => run.say(`${formatPlanText(planRun.plan, session.header)}\n`),
    onProgress: (p) => progress.update(p),
  });
  progress.stop();
  return report;
}

/** Annotations for what an apply failed, did not create, or left drifted. */
function annotateApply(result: ApplyResult): void {
  for (const r of result.results) {
    if (r.outcome === 'failed')
      core.error(`${r.change.kind} ${r.change.key}: ${r.error}`, { title: 'oc-sync apply' });
    if (r.outcome === 'not-created')
      core.error(
        `${r.change.kind} ${r.change.key} was not created: ${r.change.reason}; take it over with oc-sync pull --adopt, or apply with --allow-duplicates`,
        { title: 'oc-sync apply: already on the service' },
      );
  }
  for (const r of result.uploadResults)
    core.error(`upload of ${r.file} (${r.key}): ${r.error}`, { title: 'oc-sync apply' });
  for (const r of result.skipped) {
    core.warning(
      `${r.change.kind} ${r.change.key} changed on the service since the last apply and was not touched (${r.change.reason ?? 'drifted'}); pull it, or apply with --overwrite-drift`,
      { title: 'oc-sync apply: drift' },
    );
  }
}

/** Apply counts as step outputs. */
function applyOutputs(session: ActionSession, result: ApplyResult): Record<string, string> {
  const c = result.counts;
  const updated = c.updated + c.moved;
  return {
    ...session.counts,
    'has-changes': String(c.created + updated + c.deleted > 0),
    created: String(c.created),
    updated: String(updated),
    deleted: String(c.deleted),
    drifted: String(result.skipped.length),
    failed: String(c.failed),
    'plan-file': session.planFile,
  };
}

/** Plan counts as step outputs; `has-changes` is what `plan --detailed-exitcode` calls changes. */
export function planOutputs(plan: Plan): Record<string, string> {
  const s = plan.summary;
  return {
    'has-changes': String(s.create + s.update + s.delete + s.move + s.drifted + s.conflicts > 0),
    created: String(s.create),
    updated: String(s.update + s.move),
    deleted: String(s.delete),
    drifted: String(s.drifted + s.conflicts),
  };
}

async function postComment(
  io: ActionIo,
  inputs: ActionInputs,
  github: GithubContext,
  environment: string,
  /** The comment's Markdown, in at most `room` characters. */
  markdown: (room: number) => string,
): Promise<void> {
  const say = core.info;
  if (!inputs.comment) return;
  const pr = github.pullRequest;
  if (!pr) {
    say('not a pull request event: the plan is in the job summary only');
    return;
  }
  if (!github.repository || !inputs.token) {
    core.warning(
      `no ${github.repository ? 'GitHub token' : 'GITHUB_REPOSITORY'}: the plan was not posted on pull request #${pr.number}`,
      { title: 'oc-sync' },
    );
    return;
  }
  const marker = planCommentMarker(environment);
  const preview = github.previewArtifact ? `${previewLine(github.previewArtifact, github.runUrl)}\n\n` : '';
  const footer = `${preview}${commentFooter({ sha: pr.headSha ?? github.sha, runUrl: github.runUrl })}`;
  const room = COMMENT_LIMIT - marker.length - footer.length - 3;
  // The plan fits itself into `room`; the cut is only a last guard (a failure's problem table).
  const body = `${marker}\n${truncateMarkdown(markdown(room), room, 'the job summary has all of it')}\n\n${footer}`;
  try {
    const posted = await upsertStickyComment(
      { apiUrl: github.apiUrl, repository: github.repository, token: inputs.token, fetch: io.fetch },
      pr.number,
      marker,
      body,
    );
    say(
      `${posted.action} the plan comment on pull request #${pr.number}${posted.url ? `: ${posted.url}` : ''}`,
    );
  } catch (error) {
    // A missing comment must not hide the plan: it is in the summary, and the step's result stays the plan's.
    core.warning(`could not post the plan comment: ${(error as Error).message}`, { title: 'oc-sync' });
  }
}
