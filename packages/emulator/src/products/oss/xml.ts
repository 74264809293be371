import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/** XML in and out, shaped as OSS writes it: declaration first, no indentation, empty elements kept. */
const builder = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: false, suppressBooleanAttributes: false });

// Values stay strings (a key named `007` must not become 7); ali-oss escapes `'` as `&#39;`, so HTML entities are on.
const parser = new XMLParser({
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (_name, jpath) => jpath === 'Delete.Object',
});

export type XmlValue = string | number | boolean | XmlElement | XmlValue[] | undefined;
export interface XmlElement {
  [name: string]: XmlValue;
}

export function buildXml(root: string, content: XmlElement): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    [root]: dropUndefined(content),
  }) as string;
}

/** Parses a request body; throws on text that is not well-formed XML. */
export function parseXml(text: string): Record<string, unknown> {
  return parser.parse(text, true) as Record<string, unknown>;
}

function dropUndefined(element: XmlElement): XmlElement {
  const out: XmlElement = {};
  for (const [name, value] of Object.entries(element)) {
    if (value === undefined) continue;
    out[name] = clean(value);
  }
  return out;
}

function clean(value: XmlValue): XmlValue {
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === 'object') return dropUndefined(value);
  return value;
}
