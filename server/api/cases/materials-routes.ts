/**
 * The materials checklist of a case and its 补正材料一次性告知: everything still missing is listed
 * at once (57号 §10, 条例 §17), never one item at a time.
 */
import type { AppContext } from '../../app';
import type { AuditInput, Tx } from '../../auth/audit';
import { CASE_READERS, CASE_REGISTRARS } from '../../auth/roles';
import { Problem, notFound } from '../problem';
import { defineRoute } from '../route';
import { IdParams, Iso } from '../schemas';
import { z } from '../zod';
import { caseResource } from './case-routes';
import { MATERIALS, MATERIAL_KINDS, oneTimeNotice, type MaterialKind } from './materials-catalogue';
import { OPEN_STATUSES, Text } from './schemas';

export const Checklist = z
  .object({
    caseId: z.uuid(),
    caseNo: z.string(),
    items: z.array(
      z.object({
        kind: z.enum(MATERIAL_KINDS),
        label: z.string(),
        received: z.boolean(),
        receivedAt: Iso.nullable(),
        note: z.string().nullable(),
      }),
    ),
    complete: z.boolean(),
    missing: z.array(z.object({ kind: z.enum(MATERIAL_KINDS), label: z.string() })),
    notice: z.string().nullable().openapi({ description: '补正材料一次性告知的正文；材料齐全时为 null' }),
  })
  .openapi('MaterialsChecklist');

export async function checklist(ctx: AppContext, caseId: string) {
  const c = await ctx.db.case.findUnique({
    where: { id: caseId },
    select: { id: true, caseNo: true, status: true, materials: true },
  });
  if (!c) throw notFound('案件不存在');
  const order = new Map(MATERIAL_KINDS.map((k, i) => [k, i]));
  const items = c.materials
    .map((m) => ({
      kind: m.kind as MaterialKind,
      label: MATERIALS[m.kind as MaterialKind] ?? m.kind,
      received: m.received,
      receivedAt: m.receivedAt?.toISOString() ?? null,
      note: m.note,
    }))
    .sort((a, b) => (order.get(a.kind) ?? 99) - (order.get(b.kind) ?? 99));
  const missing = items.filter((i) => !i.received).map((i) => ({ kind: i.kind, label: i.label }));
  return {
    status: c.status,
    view: {
      caseId: c.id,
      caseNo: c.caseNo,
      items,
      complete: missing.length === 0,
      missing,
      notice: oneTimeNotice(c.caseNo, items),
    },
  };
}

const getMaterials = defineRoute({
  method: 'get',
  path: '/api/cases/:id/materials',
  summary: '材料清单与补正材料一次性告知',
  tag: '案件',
  roles: CASE_READERS,
  access: caseResource,
  params: IdParams,
  response: { description: '材料清单', schema: Checklist },
  handler: async ({ ctx, params }) => (await checklist(ctx, params.id)).view,
});

const updateMaterials = defineRoute({
  method: 'put',
  path: '/api/cases/:id/materials',
  summary: '登记收到（或退回）的材料；返回更新后的清单与一次性告知',
  tag: '案件',
  roles: CASE_REGISTRARS,
  access: caseResource,
  params: IdParams,
  body: z.strictObject({
    items: z
      .array(
        z.strictObject({ kind: z.enum(MATERIAL_KINDS), received: z.boolean(), note: Text(200).optional() }),
      )
      .min(1)
      .max(MATERIAL_KINDS.length),
  }),
  response: { description: '更新后的材料清单', schema: Checklist },
  problems: { 409: '案件已办结' },
  handler: async ({ ctx, actor, params, body, write }) => {
    const before = await checklist(ctx, params.id);
    if (!(OPEN_STATUSES as readonly string[]).includes(before.status)) {
      throw new Problem(409, '案件已办结', '已办结的案件不能再修改材料清单');
    }
    await write(async (tx) => ({
      result: null,
      audit: await recordMaterials(tx, params.id, before.view, body.items, actor.id),
    }));
    return (await checklist(ctx, params.id)).view;
  },
});

export type MaterialItem = { kind: MaterialKind; received: boolean; note?: string | undefined };

/**
 * Records received (or returned) materials on the checklist `before`; refuses kinds the case's
 * checklist does not hold. Returns the audit event of the change.
 */
export async function recordMaterials(
  tx: Tx,
  caseId: string,
  before: Awaited<ReturnType<typeof checklist>>['view'],
  items: readonly MaterialItem[],
  actorId: string,
): Promise<AuditInput> {
  const known = new Set(before.items.map((i) => i.kind));
  const errors = items
    .map((it, i) => ({ it, i }))
    .filter(({ it }) => !known.has(it.kind))
    .map(({ it, i }) => ({ field: `items.${i}.kind`, message: `本案件不需要“${MATERIALS[it.kind]}”` }));
  if (errors.length) throw new Problem(400, '请求参数有误', '材料不在本案件的清单中', errors);
  const now = new Date();
  for (const it of items) {
    await tx.caseMaterial.update({
      where: { caseId_kind: { caseId, kind: it.kind } },
      data: {
        received: it.received,
        receivedAt: it.received ? now : null,
        receivedById: it.received ? actorId : null,
        ...(it.note !== undefined ? { note: it.note } : {}),
      },
    });
  }
  const was = (k: string) => before.items.find((i) => i.kind === k)?.received;
  return {
    action: 'case.materials-updated',
    caseId,
    summary: {
      before: Object.fromEntries(items.map((it) => [it.kind, was(it.kind)])),
      after: Object.fromEntries(items.map((it) => [it.kind, it.received])),
      missingBefore: before.missing.length,
    },
  };
}

export const materialRoutes = [getMaterials, updateMaterials];
