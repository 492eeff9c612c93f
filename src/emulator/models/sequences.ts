import type { Sequences } from '../store/records.js';
import type { AnyModel, IdSequence } from './model.js';

/**
 * Id sequences (oc-api.md §7 item 5) are organization-wide and some are shared: notices and templates draw from one,
 * headings and FAQ categories from another. A kind with a sequence of its own declares it in its model; the store
 * starts with every sequence the models name (`initialSequences`), so a new kind needs no line anywhere else.
 *
 * Starting points are distinct, so that an id of one sequence used where another is expected (a tag id sent as a
 * heading id) points at nothing instead of at a lookalike. The names are what stores on disk record.
 */

/** Notices and templates: one `noticeId` sequence. */
export const documentIds: IdSequence = { name: 'document', start: 1000 };

/** Headings and FAQ categories: one `categoryId` sequence. */
export const categoryIds: IdSequence = { name: 'category', start: 100 };

/** The last id handed out of each sequence the models draw from, before any was. */
export function initialSequences(models: readonly AnyModel[]): Sequences {
  const starts: Sequences = {};
  for (const { kind, sequence } of models) {
    const start = starts[sequence.name];
    if (start !== undefined && start !== sequence.start)
      throw new Error(
        `the ${kind} model starts id sequence ${sequence.name} at ${sequence.start}, another at ${start}`,
      );
    starts[sequence.name] = sequence.start;
  }
  return starts;
}
