import { decodeStrict } from './encoding.js';

/** Matches paths against templates like `/api/v2/services/{ClusterId}/{ServiceName}`. */
export interface PathTemplate {
  /** The decoded parameters, or undefined when the path does not fit; throws MalformedEncoding (encoding.ts). */
  match(rawPath: string): Record<string, string> | undefined;
}

export function compilePathTemplate(template: string): PathTemplate {
  const names: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(param[1]!);
      return '([^/]+)';
    })
    .join('/');
  const pattern = new RegExp(`^${source}/?$`);
  return {
    match(rawPath) {
      const m = pattern.exec(rawPath);
      if (!m) return undefined;
      // No prototype: a parameter is looked up by name, and a name like `constructor` must not resolve.
      const params = Object.create(null) as Record<string, string>;
      names.forEach((name, i) => (params[name] = decodeStrict(name, m[i + 1]!)));
      return params;
    },
  };
}
