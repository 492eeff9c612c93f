/** The plain form of a read, bodies included (each language's `loadBody()` read into `html`). */
export function plain(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) =>
      v && typeof v === 'object' && 'loadBody' in v && typeof v.loadBody === 'function'
        ? { ...v, html: v.loadBody() }
        : v,
    ),
  );
}
