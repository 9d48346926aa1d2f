/** Errors of the archive that callers (API, worker) map to responses; messages are zh-CN. */
export type ArchiveErrorCode = 'not_found' | 'tampered' | 'invalid';

export class ArchiveError extends Error {
  constructor(
    readonly code: ArchiveErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

export const notFound = (what = '档案') => new ArchiveError('not_found', `${what}不存在或不属于本区县`);
