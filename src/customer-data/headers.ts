/**
 * Request headers as the different servers hand them over: Node's `IncomingHttpHeaders` (lower-case names, a
 * string or a list of strings), a plain object with any capitalisation, or a Fetch `Headers`.
 */
export type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The first value of a header, looked up without regard to case, or undefined when it is absent. The first value
 * is what a Java servlet's `getHeader` returns, which is what Online Contact's own sample reads.
 */
export function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(
    headers as Record<string, string | readonly string[] | undefined>,
  )) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : value[0];
  }
  return undefined;
}
