import type { ResourceKind } from '../../resources/resource.js';
import { faqModel } from './faq.js';
import { faqCategoryModel } from './faq-category.js';
import { headingModel } from './heading.js';
import type { AnyModel } from './model.js';
import { noticeModel } from './notice.js';
import { initialSequences } from './sequences.js';
import { tagModel } from './tag.js';
import { templateModel } from './template.js';

/** The server behaviour of every kind, keyed like `src/resources/registry.ts`. */
export const models: Record<ResourceKind, AnyModel> = {
  notice: noticeModel,
  template: templateModel,
  tag: tagModel,
  heading: headingModel,
  faq: faqModel,
  faqCategory: faqCategoryModel,
};

/** Every id sequence the models draw from, at its start. */
export const INITIAL_SEQUENCES = initialSequences(Object.values(models));
