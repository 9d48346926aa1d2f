/**
 * The API's CaseWorkflow (server/api/seams.ts) over the official Camunda client: a registered case
 * starts its process — `dibao`, `tekun` or `linshi` — with the start variables of
 * workflows/README.md. Only ids, codes, flags, dates and amounts go into variables; the household
 * stays in the database (workers load it by `caseId`).
 */
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';
import type { CaseToStart, CaseWorkflow } from '../api/seams';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { chinaDate } from '../domain/dates';
import { dataOf } from './case-jobs';

/** The case's start variables (workflows/README.md "Start variables"). */
export async function startVariables(
  db: Db,
  config: Pick<Config, 'dibao'>,
  c: CaseToStart,
): Promise<Record<string, unknown>> {
  const row = await db.case.findUnique({ where: { id: c.id }, select: { appliedAt: true, data: true } });
  if (!row) throw new Error(`案件不存在：${c.id}`);
  const vars: Record<string, unknown> = {
    caseId: c.id,
    caseNo: c.caseNo,
    districtCode: c.districtCode,
    streetCode: c.streetCode,
    appliedOn: chinaDate(row.appliedAt),
  };
  if (c.type !== 'linshi') vars.staffRelative = c.staffRelative;
  // 条例 §18: whether this case has 群众评议 is fixed when it starts.
  if (c.type === 'dibao') vars.communityAssessment = config.dibao.communityAssessment;
  if (c.type === 'linshi') {
    vars.assistanceKind = c.linshiKind === 'emergency' ? 'urgent' : 'expense';
    const requested = Number(dataOf(row).requestedAmount);
    if (requested > 0) vars.requestedAmount = requested;
  }
  return vars;
}

export function caseWorkflowOf(client: CamundaClient, db: Db, config: Pick<Config, 'dibao'>): CaseWorkflow {
  return {
    async startCase(c) {
      const variables = await startVariables(db, config, c);
      const r = await client.createProcessInstance({ processDefinitionId: c.type as never, variables });
      // The first user task of the model, until the step projector reads the engine's own.
      const first = c.type === 'linshi' && c.linshiKind === 'emergency' ? '先行救助审批' : '受理审查';
      return { processInstanceKey: String(r.processInstanceKey), currentStep: first };
    },
  };
}
