import { faq } from './faq.js';
import { faqCategory } from './faq-category.js';
import { heading } from './heading.js';
import { notice } from './notice.js';
import type { ResourceDef, ResourceKind } from './resource.js';
import { tag } from './tag.js';
import { template } from './template.js';

/** Every help-center resource kind. Adding a kind is one file plus one line here. */
export const resources = { notice, template, tag, heading, faq, faqCategory } as const satisfies Record<
  ResourceKind,
  ResourceDef
>;

export type Resources = typeof resources;
export const resourceList: readonly ResourceDef[] = Object.values(resources);

/** A kind's description, typed as the general shape (for code that handles every kind alike). */
export function resourceOf(kind: ResourceKind): ResourceDef {
  return resources[kind];
}
