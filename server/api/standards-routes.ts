/**
 * Administration of the money rules (DOMAIN.md "Money"): the effective-dated 低保 / 特困 standards
 * (a month is computed with the standard valid in it; a retroactive row means back-pay, which the
 * monthly run picks up) and the district's 临时救助 分类分档 table with the street's approval
 * limit. Standards are the city's published figures, so every administrator may maintain them
 * (as the holiday schedule); the band table is the administrator's own district's.
 */
import { ADMINS } from '../auth/roles';
import { loadLinshiPolicy, loadStandards, saveLinshiPolicy, saveStandard } from '../db/standards-repository';
import { chinaDate } from '../domain/dates';
import { validateBands } from '../domain/linshi';
import { validateStandardRows, type StandardRow } from '../domain/standards';
import { badRequest } from './problem';
import { defineRoute } from './route';
import { Text } from './schemas';
import { z } from './zod';

const Yuan = z.number().min(0).max(1_000_000).multipleOf(0.01, '金额最多两位小数');
const Area = z.enum(['urban', 'rural']);

const Standard = z
  .object({
    area: Area,
    effectiveFrom: z.iso.date(),
    dibao: z.number(),
    tekunBasic: z.number().nullable(),
    careFull: z.number().nullable(),
    careHalf: z.number().nullable(),
    careSelf: z.number().nullable(),
    source: z.string(),
    note: z.string().nullable(),
  })
  .openapi('AssistanceStandard');

const listStandards = defineRoute({
  method: 'get',
  path: '/api/admin/standards',
  summary: '低保、特困标准（按地区、生效月份）',
  tag: '管理',
  roles: ADMINS,
  access: { kind: 'scoped' },
  response: { description: '标准表', schema: z.object({ items: z.array(Standard) }) },
  handler: async ({ ctx }) => ({
    items: (await loadStandards(ctx.db)).map((r) => ({ ...r, note: r.note ?? null })),
  }),
});

const putStandard = defineRoute({
  method: 'put',
  path: '/api/admin/standards/:area/:effectiveFrom',
  summary: '登记或更正某地区自某月起的标准（按文件录入；生效月份早于本月的为追溯调整，发放时补发）',
  tag: '管理',
  roles: ADMINS,
  access: { kind: 'scoped' },
  params: z.strictObject({
    area: Area,
    effectiveFrom: z.iso
      .date('应为日期（YYYY-MM-01）')
      .refine((d) => d.endsWith('-01'), '生效日期必须是某月 1 日'),
  }),
  body: z.strictObject({
    dibao: Yuan.refine((v) => v > 0, '低保标准必须大于 0'),
    tekunBasic: Yuan.nullable(),
    careFull: Yuan.nullable(),
    careHalf: Yuan.nullable(),
    careSelf: Yuan.nullable(),
    source: Text(200).openapi({ description: '文号，如 渝民规〔2025〕6号' }),
    note: Text(500).nullable().optional(),
  }),
  response: { description: '登记后的标准', schema: Standard },
  handler: async ({ ctx, params, body, write }) => {
    const row: StandardRow = { ...params, ...body, note: body.note ?? null };
    const rows = await loadStandards(ctx.db);
    const before = rows.find((r) => r.area === row.area && r.effectiveFrom === row.effectiveFrom) ?? null;
    const next = [...rows.filter((r) => r !== before), row];
    const problems = validateStandardRows(next);
    if (problems.length)
      throw badRequest(
        '标准表不一致',
        problems.map((message) => ({ field: '(根)', message })),
      );
    await write(async (tx) => {
      await saveStandard(tx, row);
      return {
        result: null,
        audit: {
          action: before ? 'standard.corrected' : 'standard.added',
          summary: {
            area: row.area,
            effectiveFrom: row.effectiveFrom,
            before,
            after: row,
            // A standard from a past month: the monthly run back-pays the difference (DOMAIN.md).
            retroactive: row.effectiveFrom.slice(0, 7) < chinaDate(new Date()).slice(0, 7),
          },
        },
      };
    });
    return { ...row, note: row.note ?? null };
  },
});

const Band = z.strictObject({
  kind: z.enum(['urgent', 'expense']),
  level: z.number().int().min(1).max(20),
  name: Text(30),
  ceiling: Yuan,
});

const Policy = z
  .object({
    districtCode: z.string(),
    streetApprovalLimit: z.number(),
    incomeReference: z.object({ year: z.number().int(), urban: z.number(), rural: z.number() }),
    bands: z.array(
      z.object({
        kind: z.enum(['urgent', 'expense']),
        level: z.number().int(),
        name: z.string(),
        ceiling: z.number(),
      }),
    ),
  })
  .openapi('LinshiPolicy');

const getPolicy = defineRoute({
  method: 'get',
  path: '/api/admin/linshi-policy',
  summary: '本区县临时救助分类分档标准及街道审批限额（未设置时为 null）',
  tag: '管理',
  roles: ADMINS,
  access: { kind: 'scoped' },
  response: { description: '分档标准', schema: z.object({ policy: Policy.nullable() }) },
  handler: async ({ ctx, actor }) => ({ policy: await loadLinshiPolicy(ctx.db, actor.districtCode) }),
});

const putPolicy = defineRoute({
  method: 'put',
  path: '/api/admin/linshi-policy',
  summary: '设置本区县临时救助分类分档标准（各档上限递增）、街道审批限额和上年度人均可支配收入',
  tag: '管理',
  roles: ADMINS,
  access: { kind: 'scoped' },
  body: z.strictObject({
    streetApprovalLimit: Yuan,
    incomeReference: z.strictObject({
      year: z.number().int().min(2000).max(2100),
      urban: Yuan,
      rural: Yuan,
    }),
    bands: z.array(Band).min(2).max(40),
  }),
  response: { description: '设置后的分档标准', schema: z.object({ policy: Policy.nullable() }) },
  handler: async ({ ctx, actor, body, write }) => {
    const problems = validateBands(body.bands);
    if (problems.length) {
      throw badRequest(
        '分档标准有误',
        problems.map((message) => ({ field: 'bands', message })),
      );
    }
    const before = await loadLinshiPolicy(ctx.db, actor.districtCode);
    const policy = { districtCode: actor.districtCode, ...body };
    await write(async (tx) => {
      await saveLinshiPolicy(tx, policy);
      return { result: null, audit: { action: 'linshi-policy.saved', summary: { before, after: policy } } };
    });
    return { policy: await loadLinshiPolicy(ctx.db, actor.districtCode) };
  },
});

export const standardsRoutes = [listStandards, putStandard, getPolicy, putPolicy];
