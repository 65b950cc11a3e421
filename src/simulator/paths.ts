/**
 * Path templates such as `/v1/customers/email={email}` as regular expressions. Kustomer puts the
 * `=` inside a path segment, so a parameter is a whole segment or the rest of one.
 */
export interface CompiledTemplate {
  pattern: RegExp;
  /** Parameter names, in the order of the pattern's groups. */
  names: string[];
  /** Characters outside parameters: the most literal template wins a tie. */
  literalLength: number;
}

export function compileTemplate(template: string): CompiledTemplate {
  const names: string[] = [];
  const source = template
    .split(/(\{[^{}]+\})/)
    .map((part) => {
      const name = /^\{([^{}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  return {
    pattern: new RegExp(`^${source}$`),
    names,
    literalLength: template.replace(/\{[^{}]+\}/g, '').length,
  };
}

/** The percent-decoded parameters of a path that matches, or undefined. */
export function matchTemplate(
  compiled: CompiledTemplate,
  pathname: string,
): Record<string, string> | undefined {
  const match = compiled.pattern.exec(pathname);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  compiled.names.forEach((name, i) => {
    params[name] = safeDecode(match[i + 1] ?? '');
  });
  return params;
}

export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
