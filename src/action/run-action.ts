import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveEnvironment } from '../config/load.js';
import { connect } from '../remote/connect.js';
import { formatApplyResult } from '../report/apply-output.js';
import { type Diagnostic, UserInputError } from '../report/diagnostic.js';
import { formatGithubAnnotation, formatSummary, summarize } from '../report/diagnostics-output.js';
import { formatPlanMarkdown, formatPlanText, plain } from '../report/plan-output.js';
import { createProgress } from '../report/progress.js';
import { applyIncomplete, applyRun } from '../sync/apply-run.js';
import { checkProject } from '../sync/check-project.js';
import { makePlan, type PlanBasis } from '../sync/make-plan.js';
import { type Plan, unfinishedApply } from '../sync/plan.js';
import { planDocument, writePlanFile } from '../sync/plan-file.js';
import { type GithubContext, readGithubContext } from './github-context.js';
import { type ActionInputs, readActionInputs } from './inputs.js';
import { applyMarkdown, commentFooter, failureMarkdown, validateMarkdown } from './markdown.js';
import { planCommentMarker, upsertStickyComment } from './pr-comment.js';
import { appendSummary, truncateMarkdown, workflowCommand, writeOutputs } from './workflow-files.js';

/**
 * The GitHub Action (`.github/actions/oc-sync`): validate, plan or apply with the environment a runner provides.
 * Validation problems become file annotations; a plan goes to the job summary and to one sticky comment on the pull
 * request; an apply's result goes to the job summary; counts go to the step outputs. Returns the exit code: 1 when
 * the content does not validate, when planning fails, and when an apply failed or left drifted documents untouched.
 *
 * Edges are passed in (environment, folder, writers, fetch), so a test runs it exactly as GitHub would.
 */

export interface ActionIo {
  env: NodeJS.ProcessEnv;
  /** The step's working folder; `working-directory` is relative to it. */
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** For the GitHub API only; Online Contact calls go through the project's client. */
  fetch?: typeof globalThis.fetch;
}

const ANNOTATED_VARIABLE = 'OC_SYNC_ANNOTATED';

/** GitHub caps a comment at 65,536 characters. */
const COMMENT_LIMIT = 60_000;

export async function runAction(io: ActionIo): Promise<number> {
  const say = (line: string) => io.stdout(`${line}\n`);
  const parsed = readActionInputs(io.env);
  if (!parsed.ok) {
    for (const problem of parsed.problems) say(workflowCommand('error', problem, { title: 'oc-sync' }));
    return 1;
  }
  const inputs = parsed.inputs;
  const github = await readGithubContext(io.env);
  const workdir = path.resolve(io.cwd, inputs.workingDirectory);
  const workspace = path.resolve(github.workspace ?? io.cwd);
  /** Diagnostics name files relative to the project; annotations want them relative to the repository. */
  const repoFile = (file: string) => {
    const abs = path.resolve(workdir, file);
    const relative = path.relative(workspace, abs);
    if (!existsSync(abs) || relative.startsWith('..') || path.isAbsolute(relative)) return file;
    return relative.split(path.sep).join('/');
  };
  const annotate = (diagnostics: readonly Diagnostic[]) => {
    for (const d of diagnostics) say(formatGithubAnnotation({ ...d, file: repoFile(d.file) }));
  };

  const check = await checkProject({ cwd: workdir, configFile: inputs.config, env: io.env });
  const summary = summarize(check.diagnostics);
  // A validate step tells the job's later steps what it annotated, so a plan after it does not annotate it twice.
  const annotated = createHash('sha256')
    .update(JSON.stringify([workdir, check.diagnostics]))
    .digest('hex')
    .slice(0, 16);
  if (check.diagnostics.length > 0 && io.env[ANNOTATED_VARIABLE] === annotated) {
    say(`${formatSummary(summary)}: annotated by the validate step before this one`);
  } else {
    annotate(check.diagnostics);
  }
  say(`oc-sync validate: ${formatSummary(summary)}`);
  const counts = { errors: String(summary.errors), warnings: String(summary.warnings) };
  const markerEnvironment =
    inputs.environment ?? (io.env.OC_ENV || check.loaded?.config.defaultEnvironment || 'default');

  if (inputs.command === 'validate') {
    await appendSummary(github.summaryFile, validateMarkdown(check.diagnostics, repoFile));
    await writeOutputs(github.outputFile, counts);
    await writeOutputs(github.envFile, { [ANNOTATED_VARIABLE]: annotated });
    return check.errors > 0 ? 1 : 0;
  }
  const command = inputs.command;

  const fail = async (message: string, diagnostics: readonly Diagnostic[] = [], shown = false) => {
    if (!shown) annotate(diagnostics);
    say(workflowCommand('error', message, { title: `oc-sync ${command}` }));
    const markdown = failureMarkdown({
      command,
      environment: markerEnvironment,
      message,
      diagnostics,
      files: repoFile,
    });
    await appendSummary(github.summaryFile, markdown);
    if (command === 'plan') await postComment(io, inputs, github, markerEnvironment, markdown);
    return 1;
  };

  if (!check.loaded || check.errors > 0) {
    // The annotations above already name every problem; the summary and the comment list them again.
    await writeOutputs(github.outputFile, counts);
    return fail(
      `the config or content/ does not validate (${formatSummary(summary)}); nothing was sent to the service`,
      check.diagnostics,
      true,
    );
  }
  const loaded = check.loaded;

  try {
    const environment = resolveEnvironment(loaded, { name: inputs.environment, env: io.env });
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
          io.stderr(
            `${event.method} ${event.path} → ${event.status ?? 'no response'}${event.resultCode ? ` (${event.resultCode})` : ''} ${event.ms} ms\n`,
          );
      },
    });
    await using _ = connection;
    const header = { environment: environment.name, serviceId: connection.serviceId };
    const prune = inputs.prune ?? loaded.config.sync.prune;
    const planFile = inputs.out
      ? path.resolve(workdir, inputs.out)
      : path.join(io.env.RUNNER_TEMP || tmpdir(), 'oc-sync', `plan-${environment.name}.json`);
    const savePlan = async (plan: Plan, basis: PlanBasis) => {
      await mkdir(path.dirname(planFile), { recursive: true });
      await writePlanFile(
        planFile,
        planDocument(plan, { environment: environment.name, serviceId: connection.serviceId, prune, basis }),
      );
    };

    if (command === 'plan') {
      const run = await makePlan({
        loaded,
        environment,
        connection,
        projectRoot: loaded.root,
        cwd: workdir,
        prune,
        maxDeletes: inputs.maxDeletes,
        overwriteDrift: inputs.overwriteDrift,
      });
      await savePlan(run.plan, run.basis);
      say(formatPlanText(run.plan, header));
      const markdown = formatPlanMarkdown(run.plan, header);
      await appendSummary(github.summaryFile, markdown);
      await writeOutputs(github.outputFile, { ...counts, ...planOutputs(run.plan), 'plan-file': planFile });
      await postComment(io, inputs, github, environment.name, markdown);
      // What apply would refuse fails the pull request's check now, not the apply after the merge.
      for (const refusal of run.plan.refusals ?? [])
        say(
          workflowCommand('error', `apply will refuse this plan: ${refusal.message}`, {
            title: 'oc-sync plan',
          }),
        );
      const unfinished = unfinishedApply(run.plan);
      for (const reason of unfinished) say(workflowCommand('error', reason, { title: 'oc-sync plan' }));
      return run.plan.refusals?.length || unfinished.length ? 1 : 0;
    }

    const progress = createProgress({ tty: false, quiet: false });
    const report = await applyRun({
      loaded,
      environment,
      connection,
      cwd: workdir,
      prune,
      overwriteDrift: inputs.overwriteDrift ?? loaded.config.sync.onDrift === 'overwrite',
      maxDeletes: inputs.maxDeletes ?? loaded.config.sync.maxDeletes,
      concurrency: inputs.concurrency ?? loaded.config.sync.concurrency,
      onPlan: (run) => say(`${formatPlanText(run.plan, header)}\n`),
      onProgress: (p) => progress.update(p),
    });
    progress.stop();
    await savePlan(report.run.plan, report.run.basis);
    for (const note of report.notes) say(note);
    const resultText = formatApplyResult(
      report.result,
      { requests: report.requests, ms: report.ms, environment: environment.name },
      plain,
    );
    say(resultText);
    for (const r of report.result.results) {
      if (r.outcome === 'failed')
        say(
          workflowCommand('error', `${r.change.kind} ${r.change.key}: ${r.error}`, {
            title: 'oc-sync apply',
          }),
        );
      if (r.outcome === 'not-created')
        say(
          workflowCommand(
            'error',
            `${r.change.kind} ${r.change.key} was not created: ${r.change.reason}; take it over with oc-sync pull --adopt, or apply with --allow-duplicates`,
            { title: 'oc-sync apply: already on the service' },
          ),
        );
    }
    for (const r of report.result.skipped) {
      say(
        workflowCommand(
          'warning',
          `${r.change.kind} ${r.change.key} changed on the service since the last apply and was not touched (${r.change.reason ?? 'drifted'}); pull it, or apply with --overwrite-drift`,
          { title: 'oc-sync apply: drift' },
        ),
      );
    }
    await appendSummary(
      github.summaryFile,
      applyMarkdown({
        environment: environment.name,
        serviceId: connection.serviceId,
        resultText,
        notes: report.notes,
        planMarkdown: formatPlanMarkdown(report.run.plan, header),
      }),
    );
    const c = report.result.counts;
    const updated = c.updated + c.moved;
    await writeOutputs(github.outputFile, {
      ...counts,
      'has-changes': String(c.created + updated + c.deleted > 0),
      created: String(c.created),
      updated: String(updated),
      deleted: String(c.deleted),
      drifted: String(report.result.skipped.length),
      failed: String(c.failed),
      'plan-file': planFile,
    });
    return applyIncomplete(report.result) ? 1 : 0;
  } catch (error) {
    if (error instanceof UserInputError) return fail(error.message, error.diagnostics);
    return fail(error instanceof Error ? error.message : String(error));
  }
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
  markdown: string,
): Promise<void> {
  const say = (line: string) => io.stdout(`${line}\n`);
  if (!inputs.comment) return;
  const pr = github.pullRequest;
  if (!pr) {
    say('not a pull request event: the plan is in the job summary only');
    return;
  }
  if (!github.repository || !inputs.token) {
    say(
      workflowCommand(
        'warning',
        `no ${github.repository ? 'GitHub token' : 'GITHUB_REPOSITORY'}: the plan was not posted on pull request #${pr.number}`,
        { title: 'oc-sync' },
      ),
    );
    return;
  }
  const marker = planCommentMarker(environment);
  const footer = commentFooter({ sha: pr.headSha ?? github.sha, runUrl: github.runUrl });
  const body = `${marker}\n${truncateMarkdown(markdown, COMMENT_LIMIT, 'the job summary has all of it')}\n\n${footer}`;
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
    say(
      workflowCommand('warning', `could not post the plan comment: ${(error as Error).message}`, {
        title: 'oc-sync',
      }),
    );
  }
}
