/** A percent-encoded name that does not decode: the pipelines answer 400 naming it. */
export class MalformedEncoding extends Error {
  constructor(
    readonly parameter: string,
    readonly raw: string,
  ) {
    super(`${parameter} "${raw}" is not valid percent-encoding (use %XX escapes of UTF-8 bytes).`);
    this.name = 'MalformedEncoding';
  }
}

/** decodeURIComponent that names what it was decoding when the text is not valid percent-encoding. */
export function decodeStrict(parameter: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new MalformedEncoding(parameter, raw);
  }
}
