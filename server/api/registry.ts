/**
 * The registry of every API route. Mounting goes through the guard only, so no route can skip
 * role and jurisdiction checks; tests and the OpenAPI document enumerate `apiRoutes`.
 * New routers (inbox, documents, archive, calculations, standards, disbursements) are added here.
 */
import type { Express } from 'express';
import type { AppContext } from '../app';
import { adminRoutes } from './admin-routes';
import { archiveRoutes } from './archive-routes';
import { calculationRoutes } from './calculation-routes';
import { colleagueRoutes } from './colleagues-routes';
import { caseRoutes } from './cases/case-routes';
import { caseEventRoutes } from './cases/event-routes';
import { diagramRoutes } from './diagram-routes';
import { disbursementRoutes } from './disbursement-routes';
import { documentRoutes } from './documents-routes';
import { materialRoutes } from './cases/materials-routes';
import { mountDocs } from './docs';
import { escalationRoutes } from './escalations-routes';
import { guard } from './guard';
import { holidayRoutes } from './holiday-routes';
import type { AnyRoute } from './route';
import { sessionRoutes } from './session-routes';
import { recipientRoutes } from './recipient-routes';
import { standardsRoutes } from './standards-routes';
import { statisticsRoutes } from './statistics-routes';
import { taskRoutes } from './tasks/task-routes';

export const apiRoutes: readonly AnyRoute[] = [
  ...sessionRoutes,
  ...adminRoutes,
  ...holidayRoutes,
  ...caseRoutes,
  ...materialRoutes,
  ...caseEventRoutes,
  ...escalationRoutes,
  ...statisticsRoutes,
  ...disbursementRoutes,
  ...recipientRoutes,
  ...taskRoutes,
  ...calculationRoutes,
  ...documentRoutes,
  ...archiveRoutes,
  ...diagramRoutes,
  ...standardsRoutes,
  ...colleagueRoutes,
];

export const routeKey = (r: Pick<AnyRoute, 'method' | 'path'>) => `${r.method.toUpperCase()} ${r.path}`;

{
  const seen = new Set<string>();
  for (const r of apiRoutes) {
    if (seen.has(routeKey(r))) throw new Error(`route declared twice: ${routeKey(r)}`);
    seen.add(routeKey(r));
  }
}

export function mountApi(app: Express, ctx: AppContext): void {
  mountDocs(app, apiRoutes);
  for (const r of apiRoutes) app[r.method](r.path, guard(r, ctx));
}
