/**
 * Checks for the text values an environment holds. They live apart from the zod schema because they run twice:
 * on the file (where a value still holding `${VAR}` is let through) and on the `OC_*` overrides applied when an
 * environment is resolved.
 */
export interface TextRule {
  /** Completes "<key> must be …"; also the error message the schema carries. */
  expected: string;
  test(value: string): boolean;
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

export const baseUrlRule: TextRule = {
  expected: 'an https URL such as https://example.oc.nhncloud.com (http only for localhost or 127.0.0.1)',
  test(value) {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    // Keys are sent to this host on every call: plain http is only tolerable when it never leaves the machine.
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && loopbackHosts.has(url.hostname));
    return secure && url.username === '' && url.password === '' && url.search === '' && url.hash === '';
  },
};

/** Service ids appear in every API path (`/{serviceId}/openapi/...`), so they must be a single clean segment. */
export const serviceIdRule: TextRule = {
  expected: 'a service ID of letters, digits, _ and - (e.g. HelpCenter)',
  test: (value) => /^[A-Za-z0-9_-]{1,100}$/.test(value),
};

export const orgIdRule: TextRule = {
  expected: 'an organization ID of letters, digits, _ and -',
  test: (value) => /^[A-Za-z0-9_-]{1,100}$/.test(value),
};

/** Service and organization keys; `variable` is the one the message suggests reading it from. */
export function keyRule(variable: string): TextRule {
  return {
    expected: `a key without spaces, read from the environment (e.g. \${${variable}})`,
    test: (value) => /^\S+$/.test(value),
  };
}

export const nonEmptyRule: TextRule = {
  expected: 'a non-empty text',
  test: (value) => value.trim() !== '',
};

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
