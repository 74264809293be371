/**
 * One request through the EAS gateway, as a user would send it, to prove a version answers.
 * The token goes only into the Authorization header; nothing here logs it.
 */
export interface SmokeResult {
  ok: boolean;
  status: number;
  /** The start of the answer (or the network error), for the log. */
  detail: string;
}

const SHOWN_CHARS = 200;

export async function sendSmokeRequest(
  url: string,
  token: string,
  body: string,
  timeoutMs: number,
): Promise<SmokeResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: token },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { ok: response.ok, status: response.status, detail: shorten(text) };
  } catch (error) {
    return { ok: false, status: 0, detail: shorten(error instanceof Error ? error.message : String(error)) };
  }
}

/** `POST <url>` answered `HTTP 200: {...}`: the words a log line uses. */
export function describeSmoke(result: SmokeResult): string {
  return result.status === 0 ? `failed: ${result.detail}` : `answered HTTP ${result.status}: ${result.detail}`;
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SHOWN_CHARS ? `${line.slice(0, SHOWN_CHARS)}…` : line;
}
