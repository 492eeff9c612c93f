/** How messages name a place in a YAML file: `environments.alpha.serviceKey`, `languages[1]`, `[0].name`. */
export function formatKeyPath(path: readonly PropertyKey[], whole = '(the config)'): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(String(segment)))
      text += text === '' ? String(segment) : `.${String(segment)}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text === '' ? whole : text;
}
