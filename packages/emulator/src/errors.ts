/** An error the emulated service answers with: HTTP status plus the cloud's error Code. */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const notFound = (code: string, message: string) => new ServiceError(404, code, message);
export const badRequest = (code: string, message: string) => new ServiceError(400, code, message);
export const conflict = (code: string, message: string) => new ServiceError(409, code, message);
