/**
 * A string as a JavaScript expression a store author can paste into a test: JSON, except that
 * long runs of one character become `"x".repeat(n)`, so a 16 KiB value stays one short line.
 */
export function literal(value: string): string {
  if (value.length <= 64) return JSON.stringify(value);
  const parts: string[] = [];
  let at = 0;
  let plain = '';
  while (at < value.length) {
    let end = at + 1;
    while (end < value.length && value[end] === value[at]) end++;
    const run = end - at;
    if (run >= 16) {
      if (plain !== '') parts.push(JSON.stringify(plain));
      plain = '';
      parts.push(`${JSON.stringify(value[at])}.repeat(${run})`);
    } else {
      plain += value.slice(at, end);
    }
    at = end;
  }
  if (plain !== '') parts.push(JSON.stringify(plain));
  return parts.join(' + ');
}

/**
 * An object of string and number fields as a JavaScript object literal, using {@link literal};
 * `code` gives the expression of some fields instead (an id as `t3.id`).
 */
export function objectLiteral(
  fields: Readonly<Record<string, unknown>>,
  code: Readonly<Record<string, string>> = {},
): string {
  const entries = Object.entries(fields).map(([key, value]) => {
    const shown =
      code[key] !== undefined
        ? code[key]
        : typeof value === 'string'
          ? literal(value)
          : value === undefined
            ? 'undefined'
            : JSON.stringify(value);
    return `${key}: ${shown}`;
  });
  return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
}
