/** Matches paths against templates like `/api/v2/services/{ClusterId}/{ServiceName}`. */
export interface PathTemplate {
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
      const params: Record<string, string> = {};
      names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
      return params;
    },
  };
}
