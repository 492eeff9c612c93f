/**
 * A failure the emulated service answers with an envelope: the Online Contact resultCode and its message
 * (oc-api.md §4.2). The store throws these; only the HTTP layer turns them into responses.
 */
export class OcError extends Error {
  constructor(
    readonly resultCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'OcError';
  }
}

/** 400: the request itself is wrong (bad JSON, missing field, bad enum, bad date, bad name). */
export const badRequest = (message: string) => new OcError(400, message);
/** 404: the id or code in the path does not exist. */
export const notFound = (message: string) => new OcError(404, message);
/** 9005 "related data does not exist": the body references something missing. */
export const missingRelated = (message: string) => new OcError(9005, message);
/** 9007 "related data already exists": a duplicate, or a delete of something still in use. */
export const relatedExists = (message: string) => new OcError(9007, message);
