import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { DesiredDocument } from '../content/desired-state.js';
import { userError } from '../diagnostics/diagnostic.js';
import { writeFileAtomic } from '../system/atomic-write.js';
import type { PlanBasis } from './make-plan.js';
import type { Change, Plan } from './plan.js';
import { type ViewSource, writtenView } from './view-comparison.js';

/**
 * The plan as a JSON document: `--json` prints it, `--out` saves it, `apply plan.json` reads it back. It records
 * what it was computed from (`basis`), so a saved plan that no longer matches content, state or service is refused.
 * Documented in ARCHITECTURE.md ("Plan JSON").
 */

export const PLAN_FORMAT_VERSION = 1;

export interface PlanDocument extends Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  tool: 'oc-sync';
  environment: string;
  serviceId: string;
  createdAt: string;
  prune: boolean;
  basis: PlanBasis;
}

export function planDocument(
  plan: Plan,
  meta: {
    environment: string;
    serviceId: string;
    prune: boolean;
    basis: PlanBasis;
    /** What the plan was made from: a document create's view (`after`) is computed from it here. */
    desired: ViewSource & { documents: readonly DesiredDocument[] };
    now?: Date;
  },
): PlanDocument {
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    tool: 'oc-sync',
    environment: meta.environment,
    serviceId: meta.serviceId,
    createdAt: (meta.now ?? new Date()).toISOString(),
    prune: meta.prune,
    basis: meta.basis,
    summary: plan.summary,
    changes: plan.changes.map((change) => withWrittenView(change, meta.desired)),
    uploads: plan.uploads ?? [],
    unusedUploads: plan.unusedUploads ?? [],
    unmanaged: plan.unmanaged,
    warnings: plan.warnings,
    refusals: plan.refusals ?? [],
    ...(plan.translations ? { translations: plan.translations } : {}),
  };
}

/**
 * A change as the plan's JSON shows it: a document create carries no view in the plan (its body is read only when
 * needed), so the JSON gets it here, last, as before.
 */
function withWrittenView(
  change: Change,
  desired: ViewSource & { documents: readonly DesiredDocument[] },
): Change {
  if (change.action !== 'create' || change.after) return change;
  return { ...change, after: writtenView(change, desired) };
}

export async function writePlanFile(file: string, document: PlanDocument): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(document, null, 2)}\n`);
}

const savedPlan = z.looseObject({
  formatVersion: z.literal(PLAN_FORMAT_VERSION),
  tool: z.literal('oc-sync'),
  environment: z.string(),
  serviceId: z.string(),
  prune: z.boolean(),
  basis: z.object({ content: z.string(), state: z.string(), remote: z.string() }),
  changes: z.array(z.unknown()),
});

export async function readPlanFile(file: string): Promise<PlanDocument> {
  const problem = (message: string) =>
    userError(`${file}: ${message}`, file, 'plan/invalid', {
      message,
      hint: 'make a new one with `oc-sync plan --out plan.json`',
    });
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw problem(`cannot read the saved plan (${(error as Error).message})`);
  }
  const parsed = savedPlan.safeParse(json);
  if (!parsed.success) throw problem('this is not a plan saved by this version of oc-sync');
  return parsed.data as unknown as PlanDocument;
}
