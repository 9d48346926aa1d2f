/** The case detail: household, application, checklist summary, workflow state and timeline. */
import type { AppContext } from '../../app';
import type { Scope } from '../../auth/roles';
import { END_STEPS, instanceSteps } from '../../workflow/case-steps';
import { caseData, listInclude, listItem } from './store';
import { RELATION_LABELS } from './schemas';

/** Labels of audit actions shown in a case's timeline. */
export const ACTION_LABELS: Record<string, string> = {
  'case.registered': '登记申请',
  'case.workflow-started': '启动审批流程',
  'case.materials-updated': '更新材料清单',
  'case.materials-supplemented': '登记补正材料',
  'case.objection-recorded': '登记公示异议',
  'case.withdrawn': '登记撤回申请',
};

export async function caseDetail(ctx: AppContext, scope: Scope, id: string) {
  const c = await ctx.db.case.findFirst({
    where: { AND: [{ id }, scope] },
    include: {
      ...listInclude,
      household: { include: { members: { orderBy: [{ relation: 'asc' }, { createdAt: 'asc' }] } } },
      materials: { select: { received: true } },
    },
  });
  if (!c) return null;
  const events = await ctx.db.auditEvent.findMany({
    where: { caseId: id },
    orderBy: { seq: 'asc' },
    take: 500,
  });
  const d = caseData(c);
  const kind = d.linshiKind;
  const e = d.entrusted as Record<string, string | null> | null | undefined;
  const h = c.household;
  const received = c.materials.filter((m) => m.received).length;
  const connected = Boolean(ctx.workflow);
  const steps = await currentSteps(ctx, c);
  return {
    ...listItem(c),
    currentStep: steps.map((s) => s.name).join('、') || null,
    districtCode: c.districtCode,
    acceptedAt: c.acceptedAt?.toISOString() ?? null,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    application: {
      reason: typeof d.reason === 'string' ? d.reason : null,
      linshiKind:
        kind === 'emergency' ? ('emergency' as const) : kind === 'expense' ? ('expense' as const) : null,
      requestedAmount: typeof d.requestedAmount === 'number' ? d.requestedAmount : null,
      event: eventOf(d.event),
      entrusted: e
        ? {
            agentName: String(e.agentName),
            agentKind: String(e.agentKind),
            agentIdNumber: e.agentIdNumber ?? null,
            documentNo: String(e.documentNo),
            signedOn: String(e.signedOn),
          }
        : null,
    },
    household: {
      id: h.id,
      area: h.area,
      address: h.address,
      phone: h.phone,
      bankName: h.bankName,
      bankAccount: h.bankAccount,
      accountHolder: h.accountHolder,
      members: h.members.map((m) => ({
        id: m.id,
        name: m.name,
        idNumber: m.idNumber,
        relation: m.relation,
        relationLabel: RELATION_LABELS[m.relation],
        disabilityGrade: m.disabilityGrade,
        seriousIllness: m.seriousIllness,
        student: m.student,
        preschool: m.preschool,
        ableBodiedJobless: m.ableBodiedJobless,
        monthlyIncome: m.monthlyIncome.toFixed(2),
        staffRelative: m.staffRelative,
      })),
    },
    materials: { required: c.materials.length, received, complete: received === c.materials.length },
    workflow: {
      connected: connected && Boolean(c.processInstanceKey),
      processInstanceKey: c.processInstanceKey,
      note: c.processInstanceKey
        ? '审批流程已启动，当前步骤以流程引擎为准'
        : connected
          ? '流程引擎已连接，但本案件的流程尚未启动（启动失败时可重试）'
          : '流程引擎尚未接入：案件停留在“已申请”，待流程引擎接入后启动审批流程',
    },
    steps,
    timeline: events.map((ev) => ({
      seq: ev.seq.toString(),
      at: ev.at.toISOString(),
      action: ev.action,
      actionLabel: ACTION_LABELS[ev.action] ?? ev.action,
      actorName: ev.actorName,
      actorRole: ev.actorRole,
      summary: (ev.summary ?? {}) as Record<string, unknown>,
    })),
  };
}

type Step = { name: string; state: 'active' | 'done'; source: 'case-data' | 'engine' };

/**
 * The case's current steps from its process instance (case-steps.ts: one element-instance search),
 * or its end; the case row's projected step (case-step-projector.ts) when the engine is not
 * connected, does not answer, or shows the instance between two steps.
 */
async function currentSteps(
  ctx: AppContext,
  c: { id: string; processInstanceKey: string | null; currentStep: string | null },
): Promise<Step[]> {
  const fromRow: Step[] = c.currentStep
    ? [{ name: c.currentStep, state: 'active', source: 'case-data' }]
    : [];
  if (!ctx.camunda || !c.processInstanceKey) return fromRow;
  try {
    const now = await instanceSteps(ctx.camunda, c.processInstanceKey);
    if (now.state !== 'ACTIVE') {
      return [{ name: END_STEPS[now.state], state: 'done', source: 'engine' }];
    }
    if (!now.steps.length) return fromRow;
    return now.steps.map((s): Step => ({ name: s.name, state: 'active', source: 'engine' }));
  } catch (err) {
    ctx.log.warn({ caseId: c.id, err: (err as Error).message }, '读取流程当前步骤失败，显示案件记录中的步骤');
    return fromRow;
  }
}

/** The 临时救助 hardship event recorded with the application, when there is one. */
function eventOf(v: unknown): { kind: string; date: string } | null {
  if (!v || typeof v !== 'object') return null;
  const { kind, date } = v as Record<string, unknown>;
  return typeof kind === 'string' && typeof date === 'string' ? { kind, date } : null;
}
