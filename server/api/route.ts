/**
 * How a route is declared: method, path, the roles it allows, how to find the jurisdiction of
 * what it touches, and zod schemas for params, query, body and response. `guard.ts` turns a
 * declaration into an Express handler; `registry.ts` keeps the list of all of them (the matrix
 * test and the OpenAPI document enumerate it).
 */
import type { Request, Response } from 'express';
import type { ZodType } from 'zod';
import type { AppContext } from '../app';
import type { AuditInput, Tx } from '../auth/audit';
import type { Jurisdiction, Role, Scope } from '../auth/roles';
import type { Actor } from '../auth/session';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * - `public`: no sign-in (signing in itself).
 * - `self`: the signed-in user's own session or account.
 * - `scoped`: lists, counts, exports and creation; the handler gets `scope`, the row filter of the
 *   actor's jurisdiction, and must query through it.
 * - `resource`: one resource named in the path; `load` finds its jurisdiction, which must be
 *   covered by the actor's (otherwise 404, so other jurisdictions' ids reveal nothing).
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'self' }
  | { kind: 'scoped' }
  | {
      kind: 'resource';
      name: string;
      /**
       * The resource's jurisdiction; a user task also names its candidate groups, one of which
       * must be the actor's (`candidateGroupsOf`).
       */
      load: (ctx: AppContext, params: never) => Promise<ResourceJurisdiction | null>;
    };

export interface ResourceJurisdiction extends Jurisdiction {
  candidateGroups?: readonly string[];
}

export interface WriteResult<T> {
  result: T;
  audit: AuditInput | AuditInput[];
}

export interface HandlerArgs<P, Q, B, A extends Access> {
  ctx: AppContext;
  actor: A extends { kind: 'public' } ? null : Actor;
  params: P;
  query: Q;
  body: B;
  /** Row filter of the actor's jurisdiction (`{}` never: public routes get an impossible filter). */
  scope: Scope;
  /** The jurisdiction of the resource (for `resource` routes). */
  resource: Jurisdiction | null;
  /** Performs a write and appends its audit events in the same transaction. */
  write<T>(fn: (tx: Tx) => Promise<WriteResult<T>>): Promise<T>;
  /** For writes audited by a lower layer (sign-in) in their own transaction. */
  markAudited(): void;
  req: Request;
  res: Response;
  ip: string;
}

export type ResponseSpec<R> =
  | { status?: 200 | 201; description: string; schema: ZodType<R> }
  | { status?: 200; description: string; csv: true }
  /** Bytes the handler sends itself (a PDF, a zip) with this media type. */
  | { status?: 200; description: string; file: string };

export interface RouteSpec<P, Q, B, R, A extends Access> {
  method: Method;
  /** Express-style path under the app, e.g. `/api/cases/:id`. */
  path: string;
  summary: string;
  tag: string;
  roles: readonly Role[];
  access: A;
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  response: ResponseSpec<R>;
  /** Further problem statuses this route answers with (documented in OpenAPI). */
  problems?: Record<number, string>;
  /** Routes a user whose password must be changed may still call. */
  allowDuringPasswordChange?: boolean;
  handler(args: HandlerArgs<P, Q, B, A>): Promise<R>;
}

// The registry holds routes of many shapes; the guard treats them uniformly.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any, any, any, Access>;

export function defineRoute<
  P = undefined,
  Q = undefined,
  B = undefined,
  R = unknown,
  A extends Access = Access,
>(spec: RouteSpec<P, Q, B, R, A>): AnyRoute {
  return spec as unknown as AnyRoute;
}

export const isWrite = (m: Method) => m !== 'get';
