/**
 * `${VAR}` and `${VAR:-default}` in environment values, so credentials come from the process environment and never
 * live in the file (DESIGN §2).
 */

export interface Interpolation {
  /** The text with every reference replaced; the original text when a variable is missing. */
  value: string;
  /** Variables referenced without a default that are unset or empty, in order of appearance. */
  missing: string[];
  /** A `${` that does not start a well-formed reference, e.g. `${OC-KEY}` or an unclosed `${OC_KEY`. */
  malformed: boolean;
}

const reference = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function interpolate(text: string, env: NodeJS.ProcessEnv): Interpolation {
  const missing: string[] = [];
  const value = text.replace(reference, (_whole, name: string, fallback: string | undefined) => {
    const set = env[name];
    // Empty counts as unset: CI systems pass an unconfigured secret as an empty string, and an empty key or id is
    // never what anyone meant.
    if (set !== undefined && set !== '') return set;
    if (fallback !== undefined) return fallback;
    if (!missing.includes(name)) missing.push(name);
    return '';
  });
  const malformed = text.replace(reference, '').includes('${');
  return { value: missing.length > 0 || malformed ? text : value, missing, malformed };
}

/** Exactly one `${VAR}` and nothing else (no default): how a key must be written, so no part of it is in the file. */
export function isWholeReference(text: string): boolean {
  return /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(text);
}

/** True while a value still holds a reference, i.e. it could not be interpolated yet. */
export function hasVariableReference(text: string): boolean {
  return text.includes('${');
}
