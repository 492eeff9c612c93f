/** The Online Contact response envelope (oc-api.md §4.1) and the HTTP status that carries it (§4.3). */

export interface Envelope {
  header: { resultCode: number; resultMessage: string; isSuccessful: boolean };
  result: unknown;
}

export function success(result: unknown): Envelope {
  return { header: { resultCode: 200, resultMessage: '', isSuccessful: true }, result: result ?? null };
}

export function failure(resultCode: number, resultMessage: string): Envelope {
  return { header: { resultCode, resultMessage, isSuccessful: false }, result: null };
}

/** The codes the server reports with HTTP 200 even though the call failed (§4.3). */
const ANSWERED_WITH_200 = new Set([200, 9005, 9007]);

export function httpStatusFor(resultCode: number, mode: 'mirror' | 'always-200'): number {
  if (mode === 'always-200' || ANSWERED_WITH_200.has(resultCode)) return 200;
  return resultCode >= 400 && resultCode <= 599 ? resultCode : 500;
}
