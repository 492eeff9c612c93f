import type { DesiredState, Names } from '../content/desired-state.js';
import type { OcApi } from '../remote/api.js';
import type { Refusal } from './plan.js';

/**
 * The languages the service offers against the ones content uses (issue 15 case 7): a translation in a language the
 * service lacks fails at apply, document by document, with a 400 no retry fixes. Plan reads the service's own
 * description (one unauthenticated call, made while content is read) and says so before the merge.
 */

export interface ServiceLanguages {
  defaultLanguage: string;
  languages: string[];
}

export type ServiceLanguagesRead =
  | { known: true; service: ServiceLanguages }
  | { known: false; reason: string };

export async function readServiceLanguages(api: OcApi): Promise<ServiceLanguagesRead> {
  try {
    const described = await api.services.describe();
    const languages = [...(described.languages ?? [])]
      .sort((a, b) => (a.orderNo ?? 0) - (b.orderNo ?? 0))
      .map((language) => language.code);
    const defaultLanguage = described.language ?? languages[0];
    if (!defaultLanguage) return { known: false, reason: 'the service description names no language' };
    if (!languages.includes(defaultLanguage)) languages.unshift(defaultLanguage);
    return { known: true, service: { defaultLanguage, languages } };
  } catch (error) {
    return { known: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Where each language is used: `file` for documents, `file:line` for list items. */
export function languageUses(desired: DesiredState): Map<string, string[]> {
  const uses = new Map<string, string[]>();
  const add = (language: string, where: string) => {
    const list = uses.get(language) ?? [];
    list.push(where);
    uses.set(language, list);
  };
  for (const document of desired.documents)
    for (const language of Object.keys(document.contents))
      add(language, document.files[language] ?? document.key);
  const lists: { names: Names; file: string; line: number }[] = [
    ...desired.categories,
    ...desired.headings,
    ...desired.tags,
  ];
  for (const item of lists)
    for (const language of Object.keys(item.names)) add(language, `${item.file}:${item.line}`);
  return uses;
}

const sample = (places: string[]) =>
  places.length <= 3 ? places.join(', ') : `${places.slice(0, 3).join(', ')} and ${places.length - 3} more`;

export interface LanguageCheck {
  refusals: Refusal[];
  warnings: string[];
}

export function checkLanguages(
  configured: readonly string[],
  read: ServiceLanguagesRead,
  desired: DesiredState,
  serviceId: string,
): LanguageCheck {
  const uses = languageUses(desired);
  const configuredDefault = configured[0] as string;
  if (!read.known) {
    const translated = [...uses.keys()].filter((language) => language !== configuredDefault);
    const warnings = translated.length
      ? [
          `could not read the languages of service ${serviceId} (${read.reason}); whether it has ${translated.join(', ')} is checked only when apply writes`,
        ]
      : [];
    return { refusals: [], warnings };
  }
  const { service } = read;
  const offered = service.languages.join(', ');
  const refusals: Refusal[] = [];
  if (service.defaultLanguage !== configuredDefault) {
    refusals.push({
      message: `the default language of service ${serviceId} is ${service.defaultLanguage}, but sync.config.yaml lists ${configuredDefault} first (the language of name.md files); nothing was changed`,
      hint: `put ${service.defaultLanguage} first in languages: in sync.config.yaml if name.md files are written in it, or change the service's default language in the Online Contact console`,
    });
  }
  for (const [language, places] of uses) {
    if (service.languages.includes(language)) continue;
    refusals.push({
      message: `service ${serviceId} has no language ${language} (it has ${offered}), and ${places.length} item(s) use it: ${sample(places)}; the service would refuse them, so nothing was changed`,
      hint: `add ${language} to the service in the Online Contact console, or remove ${language} from languages: in sync.config.yaml and its translations from content/`,
    });
  }
  const unmanaged = service.languages.filter((language) => !configured.includes(language));
  const warnings = unmanaged.length
    ? [
        `service ${serviceId} also has ${unmanaged.join(', ')}, which languages: in sync.config.yaml does not list: oc-sync writes only ${configured.join(', ')}, and an update replaces a document's texts in every language`,
      ]
    : [];
  return { refusals, warnings };
}
