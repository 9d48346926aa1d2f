/**
 * The BPMN diagram of a case (the deployed version it runs on, with finished / current / overdue
 * elements) and the heat-map of where cases wait, per element, within the caller's jurisdiction.
 * Both come from the engine through the official client: process definition XML, element
 * instances, element statistics (filtered by the instances' `streetCode` / `districtCode`), and
 * user tasks past their due date.
 */
import { CASE_READERS, type Scope } from '../auth/roles';
import { caseResource } from './cases/case-routes';
import { Problem, notFound } from './problem';
import { defineRoute } from './route';
import { IdParams } from './schemas';
import { engineOf, searchTasks } from './tasks/engine';
import { z } from './zod';

const NOW = { consistency: { waitUpToMs: 0 } };

const ElementState = z.enum(['completed', 'active', 'overdue', 'terminated', 'incident']);

export const CaseDiagram = z
  .object({
    bpmnProcessId: z.string(),
    xml: z.string(),
    elements: z.array(z.object({ elementId: z.string(), state: ElementState })),
  })
  .openapi('CaseDiagram');

export const ElementStatistics = z
  .object({
    bpmnProcessId: z.string(),
    xml: z.string(),
    elements: z.array(
      z.object({
        elementId: z.string(),
        active: z.number().int(),
        completed: z.number().int(),
        incidents: z.number().int(),
        overdue: z.number().int(),
      }),
    ),
  })
  .openapi('ElementStatistics');
type State = z.infer<typeof ElementState>;
/** When an element ran several times (a 复查 loop), the most pressing state shows. */
const RANK: Record<State, number> = { incident: 5, overdue: 4, active: 3, completed: 2, terminated: 1 };

/** Open user tasks past their due date, by element, within `vars` (process-instance variables). */
async function overdueByElement(
  ctx: Parameters<typeof engineOf>[0],
  filter: Record<string, unknown>,
): Promise<Map<string, number>> {
  const tasks = await searchTasks(ctx, {
    ...filter,
    state: 'CREATED',
    dueDate: { $lt: new Date().toISOString() },
  });
  const out = new Map<string, number>();
  for (const t of tasks) out.set(t.elementId, (out.get(t.elementId) ?? 0) + 1);
  return out;
}

const caseDiagram = defineRoute({
  method: 'get',
  path: '/api/cases/:id/diagram',
  summary: '案件的流程图（所用版本的 BPMN XML）及各环节状态：已完成、进行中、超期、异常',
  tag: '流程',
  roles: CASE_READERS,
  access: caseResource,
  params: IdParams,
  response: {
    description: '流程图与环节状态',
    schema: CaseDiagram,
  },
  problems: { 409: '审批流程尚未启动', 503: '流程引擎未连接' },
  handler: async ({ ctx, params }) => {
    const c = await ctx.db.case.findUniqueOrThrow({
      where: { id: params.id },
      select: { processInstanceKey: true },
    });
    if (!c.processInstanceKey) throw new Problem(409, '流程尚未启动', '本案件的审批流程尚未启动，暂无流程图');
    const engine = engineOf(ctx);
    const pi = c.processInstanceKey;
    const instance = await engine
      .getProcessInstance({ processInstanceKey: pi as never }, NOW)
      .catch((err: unknown) => {
        if ((err as { status?: number }).status === 404) throw notFound('流程引擎中找不到本案件的流程实例');
        throw err;
      });
    const xml = await engine.getProcessDefinitionXml(
      { processDefinitionKey: instance.processDefinitionKey },
      NOW,
    );
    const states = new Map<string, State>();
    const put = (id: string, s: State) => {
      const was = states.get(id);
      if (!was || RANK[s] > RANK[was]) states.set(id, s);
    };
    for (let from = 0; ; from += 1000) {
      const r = await engine.searchElementInstances(
        { filter: { processInstanceKey: pi as never }, page: { from, limit: 1000 } },
        NOW,
      );
      const items = r.items ?? [];
      for (const e of items) {
        const id = String(e.elementId);
        if (e.hasIncident) put(id, 'incident');
        else if (e.state === 'ACTIVE') put(id, 'active');
        else if (e.state === 'COMPLETED') put(id, 'completed');
        else put(id, 'terminated');
      }
      if (items.length < 1000) break;
    }
    for (const id of (await overdueByElement(ctx, { processInstanceKey: pi })).keys()) put(id, 'overdue');
    return {
      bpmnProcessId: String(instance.processDefinitionId),
      xml: String(xml),
      elements: [...states].map(([elementId, state]) => ({ elementId, state })),
    };
  },
});

/** The instances of the caller's jurisdiction, by the start variables every case process has. */
function jurisdictionVariables(scope: Scope) {
  return 'streetCode' in scope
    ? [{ name: 'streetCode', value: JSON.stringify(scope.streetCode) }]
    : [{ name: 'districtCode', value: JSON.stringify(scope.districtCode) }];
}

const elementStatistics = defineRoute({
  method: 'get',
  path: '/api/statistics/elements',
  summary: '流程热力图：本辖区各环节的在办、已完成、异常、超期数（所有版本合计，流程图取最新版本）',
  tag: '统计',
  roles: CASE_READERS,
  access: { kind: 'scoped' },
  query: z.strictObject({
    bpmnProcessId: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,40}$/, '应为流程标识，如 dibao')
      .openapi({ example: 'dibao' }),
  }),
  response: {
    description: '各环节计数',
    schema: ElementStatistics,
  },
  problems: { 404: '没有这个流程', 503: '流程引擎未连接' },
  handler: async ({ ctx, scope, query }) => {
    const engine = engineOf(ctx);
    const defs = await engine.searchProcessDefinitions(
      {
        filter: { processDefinitionId: query.bpmnProcessId as never },
        sort: [{ field: 'version', order: 'DESC' }],
        page: { from: 0, limit: 100 },
      },
      NOW,
    );
    const versions = defs.items ?? [];
    const latest = versions[0];
    if (!latest) throw notFound(`没有部署标识为 ${query.bpmnProcessId} 的流程`);
    const variables = jurisdictionVariables(scope);
    const counts = new Map<
      string,
      { active: number; completed: number; incidents: number; overdue: number }
    >();
    const of = (id: string) => {
      let c = counts.get(id);
      if (!c) counts.set(id, (c = { active: 0, completed: 0, incidents: 0, overdue: 0 }));
      return c;
    };
    for (const d of versions) {
      const stats = await engine.getProcessDefinitionStatistics(
        { processDefinitionKey: d.processDefinitionKey!, filter: { variables } as never },
        NOW,
      );
      for (const s of stats.items ?? []) {
        const c = of(String(s.elementId));
        c.active += Number(s.active);
        c.completed += Number(s.completed);
        c.incidents += Number(s.incidents);
      }
    }
    const overdue = await overdueByElement(ctx, {
      processDefinitionId: query.bpmnProcessId,
      processInstanceVariables: variables,
    });
    for (const [id, n] of overdue) of(id).overdue = n;
    const xml = await engine.getProcessDefinitionXml(
      { processDefinitionKey: latest.processDefinitionKey! },
      NOW,
    );
    return {
      bpmnProcessId: query.bpmnProcessId,
      xml: String(xml),
      elements: [...counts].map(([elementId, c]) => ({ elementId, ...c })),
    };
  },
});

export const diagramRoutes = [caseDiagram, elementStatistics];
