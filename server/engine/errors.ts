/**
 * Rejections the engine gives, named like Zeebe's rejection types so the REST layer can render
 * them as Camunda does (RFC 9457 problem+json, `title` = rejection type).
 */
export type RejectionType =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'INVALID_STATE'
  | 'ALREADY_EXISTS'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'RESOURCE_EXHAUSTED'
  | 'INTERNAL';

const STATUS: Record<RejectionType, number> = {
  INVALID_ARGUMENT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_STATE: 409,
  ALREADY_EXISTS: 409,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL: 500,
};

export class EngineRejection extends Error {
  readonly status: number;
  constructor(
    readonly rejectionType: RejectionType,
    readonly detail: string,
  ) {
    super(detail);
    this.status = STATUS[rejectionType];
  }
}

export const notFound = (detail: string) => new EngineRejection('NOT_FOUND', detail);
export const invalidArgument = (detail: string) => new EngineRejection('INVALID_ARGUMENT', detail);
export const invalidState = (detail: string) => new EngineRejection('INVALID_STATE', detail);
export const alreadyExists = (detail: string) => new EngineRejection('ALREADY_EXISTS', detail);
