/**
 * What the applicant or the public bring to the street while a case runs, recorded by the street
 * and passed to the case's process as the messages of workflows/README.md "Messages" (correlated
 * by the case id): an objection during 公示, the materials missing after 一次性告知, a written
 * withdrawal. Each is accepted only while the process waits for it — checked on the engine's
 * active elements — so nothing is published that no process would catch (409 otherwise).
 */
import type { AppContext } from '../../app';
import { CASE_REGISTRARS, OBJECTION_RECORDERS } from '../../auth/roles';
import { chinaDate } from '../../domain/dates';
import { Problem, notFound } from '../problem';
import { defineRoute } from '../route';
import { IdParams, Text } from '../schemas';
import { engineOf, statusOf } from '../tasks/engine';
import { z } from '../zod';
import { caseResource } from './case-routes';
import { caseDetail } from './detail';
import { MATERIAL_KINDS } from './materials-catalogue';
import { checklist, recordMaterials } from './materials-routes';
import { CaseDetail, OPEN_STATUSES } from './schemas';

const NOW = { consistency: { waitUpToMs: 0 } };

/** The 公示 wait of the dibao, tekun and linshi models (event-based gateway). */
const NOTICE_WAIT = 'gw-notice-wait';
/** The wait after 一次性告知 (event-based gateway) in all three models. */
const SUPPLEMENT_WAIT = 'gw-await-supplement';
/** Where `application-withdrawn` is caught: the supplement wait; dibao's `procedure` and tekun's
 * `investigation` subprocesses (interrupting boundary events). */
const WITHDRAWAL_CATCHERS = [SUPPLEMENT_WAIT, 'procedure', 'investigation'];

const ReceivedOn = z.iso
  .date('应为日期（YYYY-MM-DD）')
  .refine((d) => d <= chinaDate(new Date()), '收到日期不能晚于今天');

async function eventCase(ctx: AppContext, id: string) {
  const c = await ctx.db.case.findUnique({
    where: { id },
    select: { id: true, caseNo: true, type: true, status: true, processInstanceKey: true },
  });
  if (!c) throw notFound('案件不存在');
  return c;
}

/** The element ids active in the case's process instance (subprocesses included). */
async function activeElements(ctx: AppContext, c: { processInstanceKey: string | null }) {
  if (!c.processInstanceKey) {
    throw new Problem(409, '流程尚未启动', '本案件的审批流程尚未启动，不能登记');
  }
  const engine = engineOf(ctx);
  const active = new Set<string>();
  for (let from = 0; ; from += 500) {
    const r = await engine.searchElementInstances(
      {
        filter: { processInstanceKey: c.processInstanceKey as never, state: 'ACTIVE' },
        page: { from, limit: 500 },
      },
      NOW,
    );
    const items = r.items ?? [];
    for (const e of items) active.add(String(e.elementId));
    if (items.length < 500) break;
  }
  return active;
}

/**
 * Correlates a message to the case's waiting process (Camunda's `POST /v2/messages/correlation`):
 * it reaches a wait that is open at that moment or fails with 404 — it is never buffered. So an
 * event recorded a moment too late (the 公示 elapsed between the check above and this call) is
 * refused with `late` and the caller's transaction, which records the event, rolls back.
 */
async function correlate(
  ctx: AppContext,
  name: string,
  caseId: string,
  late: Problem,
  variables: Record<string, unknown> = {},
) {
  try {
    await engineOf(ctx).correlateMessage({ name, correlationKey: caseId, variables });
  } catch (err) {
    if (statusOf(err) === 404) throw late;
    throw err;
  }
}

const notInNotice = () =>
  new Problem(409, '不在公示期内', '本案件当前不在公示期内，只能登记公示期间收到的异议');
const noSupplementWait = () =>
  new Problem(409, '无需补正材料', '本案件当前不在等待补正材料（一次性告知之后），请在材料清单中登记');
const cannotWithdraw = (type: string) =>
  new Problem(
    409,
    '当前环节不能撤回',
    type === 'linshi'
      ? '临时救助的撤回只能在一次性告知后等待补正材料期间登记'
      : '撤回申请只能在等待补正材料期间或受理后、作出审核确认决定前登记',
  );

function mustBeOpen(c: { status: string }) {
  if (!(OPEN_STATUSES as readonly string[]).includes(c.status)) {
    throw new Problem(409, '案件已办结', '案件已确认、不予确认或已撤回，不能再登记');
  }
}

const caseAfter = async (ctx: AppContext, scope: Parameters<typeof caseDetail>[1], id: string) => {
  const detail = await caseDetail(ctx, scope, id);
  if (!detail) throw notFound('案件不存在，或不在您的辖区内');
  return detail;
};

const objection = defineRoute({
  method: 'post',
  path: '/api/cases/:id/objections',
  summary: '登记公示期间收到的异议（公示有异议的，重新调查核实，条例 §18、57号 §19）',
  tag: '案件',
  roles: OBJECTION_RECORDERS,
  access: caseResource,
  params: IdParams,
  body: z.strictObject({
    receivedOn: ReceivedOn,
    objector: Text(60).optional().openapi({ description: '异议人（只记入案卷，不进入流程和审计摘要）' }),
    content: Text(2000),
  }),
  response: { status: 201, description: '已登记，流程转入异议复查', schema: CaseDetail },
  problems: { 409: '案件不在公示期内或已办结', 503: '流程引擎未连接' },
  handler: async ({ ctx, actor, params, body, scope, write }) => {
    const c = await eventCase(ctx, params.id);
    mustBeOpen(c);
    if (!(await activeElements(ctx, c)).has(NOTICE_WAIT)) {
      throw notInNotice();
    }
    await write(async (tx) => {
      const entry = {
        receivedOn: body.receivedOn,
        objector: body.objector ?? null,
        content: body.content,
        recordedBy: actor.id,
        recordedAt: new Date().toISOString(),
      };
      // One statement appends to case.data.objections, leaving every other key as it is.
      await tx.$executeRaw`
        UPDATE "case"
        SET data = data || jsonb_build_object('objections',
                 coalesce(data->'objections', '[]'::jsonb) || jsonb_build_array(${JSON.stringify(entry)}::jsonb)),
            updated_at = now()
        WHERE id = ${c.id}::uuid`;
      // 条例 §18: the objection sends the case back to investigation, then a 3-day 再公示.
      await correlate(ctx, 'public-notice-objection', c.id, notInNotice(), { objectionRaised: true });
      return {
        result: null,
        audit: { action: 'case.objection-recorded', caseId: c.id, summary: { receivedOn: body.receivedOn } },
      };
    });
    return caseAfter(ctx, scope, c.id);
  },
});

const supplement = defineRoute({
  method: 'post',
  path: '/api/cases/:id/supplement',
  summary: '登记一次性告知后申请人补正的材料，流程回到受理审查（57号 §10）',
  tag: '案件',
  roles: CASE_REGISTRARS,
  access: caseResource,
  params: IdParams,
  body: z.strictObject({
    items: z
      .array(z.strictObject({ kind: z.enum(MATERIAL_KINDS), note: Text(200).optional() }))
      .min(1)
      .max(MATERIAL_KINDS.length),
  }),
  response: { status: 201, description: '已登记，流程回到受理审查', schema: CaseDetail },
  problems: { 409: '案件不在等待补正材料或已办结', 503: '流程引擎未连接' },
  handler: async ({ ctx, actor, params, body, scope, write }) => {
    const c = await eventCase(ctx, params.id);
    mustBeOpen(c);
    if (!(await activeElements(ctx, c)).has(SUPPLEMENT_WAIT)) {
      throw noSupplementWait();
    }
    const before = (await checklist(ctx, c.id)).view;
    await write(async (tx) => {
      const items = body.items.map((i) => ({ ...i, received: true }));
      const audit = await recordMaterials(tx, c.id, before, items, actor.id);
      await correlate(ctx, 'materials-supplemented', c.id, noSupplementWait());
      return {
        result: null,
        audit: [audit, { action: 'case.materials-supplemented', caseId: c.id, summary: audit.summary ?? {} }],
      };
    });
    return caseAfter(ctx, scope, c.id);
  },
});

const withdrawal = defineRoute({
  method: 'post',
  path: '/api/cases/:id/withdrawal',
  summary: '登记申请人的书面撤回申请；流程终止，案件状态为已撤回',
  tag: '案件',
  roles: CASE_REGISTRARS,
  access: caseResource,
  params: IdParams,
  body: z.strictObject({ receivedOn: ReceivedOn, reason: Text(500) }),
  response: { status: 201, description: '已撤回', schema: CaseDetail },
  problems: { 409: '案件已办结或当前环节不能撤回', 503: '流程引擎未连接' },
  handler: async ({ ctx, actor, params, body, scope, write }) => {
    const c = await eventCase(ctx, params.id);
    mustBeOpen(c);
    const active = await activeElements(ctx, c);
    if (!WITHDRAWAL_CATCHERS.some((e) => active.has(e))) {
      throw cannotWithdraw(c.type);
    }
    await write(async (tx) => {
      const entry = {
        receivedOn: body.receivedOn,
        reason: body.reason,
        recordedBy: actor.id,
        recordedAt: new Date().toISOString(),
      };
      await tx.$executeRaw`
        UPDATE "case"
        SET data = data || jsonb_build_object('withdrawal', ${JSON.stringify(entry)}::jsonb),
            status = 'withdrawn', updated_at = now()
        WHERE id = ${c.id}::uuid`;
      await correlate(ctx, 'application-withdrawn', c.id, cannotWithdraw(c.type));
      return {
        result: null,
        audit: {
          action: 'case.withdrawn',
          caseId: c.id,
          summary: { receivedOn: body.receivedOn, statusBefore: c.status },
        },
      };
    });
    return caseAfter(ctx, scope, c.id);
  },
});

export const caseEventRoutes = [objection, supplement, withdrawal];
