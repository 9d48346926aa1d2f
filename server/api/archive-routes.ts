/**
 * 档案 (一户一档): households' files for the district archive, their verification (per document and
 * the district's hash chain) and their export as a zip (server/documents/archive/export.ts).
 * Every verification and export is in the audit trail.
 */
import { pipeline } from 'node:stream/promises';
import type { AppContext } from '../app';
import type { Role } from '../auth/roles';
import { maskIdNumber } from '../auth/mask';
import { exportHousehold } from '../documents/archive/export';
import { listHouseholdFile } from '../documents/archive/queries';
import { verifyChain, verifyDocument } from '../documents/archive/verify';
import { defineRoute } from './route';
import { IdParams, Iso, PageQuery, pageOf } from './schemas';
import { ArchivedDocument, asProblem, documentViews, storeOf } from './documents-routes';
import { z } from './zod';

/** The district archive (DOMAIN.md 档案员) and the district's deciders (ui/src/session.ts `can.archive`). */
export const ARCHIVE_READERS: readonly Role[] = [
  'archivist',
  'district_official',
  'district_section_head',
  'district_head',
];

export const ArchiveHousehold = z
  .object({
    id: z.uuid(),
    applicantName: z.string(),
    applicantIdNumber: z.string().openapi({ description: '已遮蔽' }),
    streetName: z.string(),
    address: z.string(),
    documents: z.number().int(),
    lastDocumentAt: Iso.nullable(),
  })
  .openapi('ArchiveHousehold');

export const ArchiveFile = z
  .object({ household: ArchiveHousehold, documents: z.array(ArchivedDocument) })
  .openapi('ArchiveFile');

export const ArchiveVerification = z
  .object({
    ok: z.boolean(),
    checkedAt: Iso,
    documents: z.array(z.object({ id: z.uuid(), ok: z.boolean(), problem: z.string().nullable() })),
    chain: z.object({ ok: z.boolean(), problem: z.string().nullable() }),
  })
  .openapi('ArchiveVerification');

type HouseholdRow = {
  id: string;
  address: string;
  street: { name: string };
  members: { name: string; idNumber: string; relation: string }[];
};

function householdView(h: HouseholdRow, count: number, last: Date | null) {
  const applicant = h.members.find((m) => m.relation === 'applicant') ?? h.members[0];
  return {
    id: h.id,
    applicantName: applicant?.name ?? '',
    applicantIdNumber: applicant ? maskIdNumber(applicant.idNumber) : '',
    streetName: h.street.name,
    address: h.address,
    documents: count,
    lastDocumentAt: last?.toISOString() ?? null,
  };
}

const householdInclude = {
  street: { select: { name: true } },
  members: { select: { name: true, idNumber: true, relation: true } },
} as const;

async function docStats(ctx: AppContext, ids: string[]) {
  const stats = await ctx.db.archiveDocument.groupBy({
    by: ['householdId'],
    where: { householdId: { in: ids } },
    _count: { _all: true },
    _max: { createdAt: true },
  });
  return new Map(stats.map((s) => [s.householdId!, { count: s._count._all, last: s._max.createdAt }]));
}

const households = defineRoute({
  method: 'get',
  path: '/api/archive/households',
  summary: '一户一档：有存档文书的家庭（按姓名或身份证号查找）',
  tag: '档案',
  roles: ARCHIVE_READERS,
  access: { kind: 'scoped' },
  query: z.strictObject({
    q: z
      .string()
      .trim()
      .min(1)
      .max(50)
      .optional()
      .openapi({ description: '申请人姓名（包含）或完整身份证号' }),
    streetCode: z
      .string()
      .regex(/^\d{9}$/, '街道代码应为 9 位数字')
      .optional(),
    ...PageQuery,
  }),
  response: { description: '家庭档案', schema: pageOf(ArchiveHousehold) },
  handler: async ({ ctx, scope, query }) => {
    const q = query.q;
    const where = {
      AND: [
        scope,
        { archive: { some: {} } },
        query.streetCode ? { streetCode: query.streetCode } : {},
        q
          ? /^\d{17}[\dXx]$/.test(q)
            ? { members: { some: { idNumber: q.toUpperCase() } } }
            : { members: { some: { name: { contains: q } } } }
          : {},
      ],
    };
    const [rows, total] = await Promise.all([
      ctx.db.household.findMany({
        where,
        include: householdInclude,
        orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      ctx.db.household.count({ where }),
    ]);
    const stats = await docStats(
      ctx,
      rows.map((r) => r.id),
    );
    return {
      items: rows.map((h) => householdView(h, stats.get(h.id)?.count ?? 0, stats.get(h.id)?.last ?? null)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  },
});

const householdResource = {
  kind: 'resource' as const,
  name: '家庭档案',
  load: (ctx: AppContext, p: { id: string }) =>
    ctx.db.household.findUnique({ where: { id: p.id }, select: { districtCode: true, streetCode: true } }),
};

const householdFile = defineRoute({
  method: 'get',
  path: '/api/archive/households/:id',
  summary: '一户一档：该户全部文书（按成文日期排序）',
  tag: '档案',
  roles: ARCHIVE_READERS,
  access: householdResource,
  params: IdParams,
  response: {
    description: '户档案',
    schema: ArchiveFile,
  },
  handler: async ({ ctx, params, resource }) => {
    const h = await ctx.db.household.findUniqueOrThrow({
      where: { id: params.id },
      include: householdInclude,
    });
    const docs = await listHouseholdFile(ctx.db, resource!, params.id).catch(asProblem);
    const last = docs.reduce<Date | null>((m, d) => {
      const at = new Date(d.createdAt);
      return !m || at > m ? at : m;
    }, null);
    return { household: householdView(h, docs.length, last), documents: await documentViews(ctx, docs) };
  },
});

const verification = defineRoute({
  method: 'post',
  path: '/api/archive/households/:id/verification',
  summary: '校验该户档案：每份文书的文件与登记信息，以及本区县档案哈希链（结果记入审计）',
  tag: '档案',
  roles: ARCHIVE_READERS,
  access: householdResource,
  params: IdParams,
  response: {
    description: '校验结果（逐份通过/不通过）',
    schema: ArchiveVerification,
  },
  handler: async ({ ctx, params, resource, write }) => {
    const store = storeOf(ctx);
    const scope = { districtCode: resource!.districtCode };
    const docs = await listHouseholdFile(ctx.db, scope, params.id).catch(asProblem);
    const documents: { id: string; ok: boolean; problem: string | null }[] = [];
    for (const d of docs) {
      const r = await verifyDocument(ctx.db, store, scope, d.id);
      documents.push({ id: d.id, ok: r.ok, problem: r.problems[0]?.message ?? null });
    }
    const chain = await verifyChain(ctx.db, store, scope);
    const ok = chain.ok && documents.every((d) => d.ok);
    const result = {
      ok,
      checkedAt: new Date().toISOString(),
      documents,
      chain: { ok: chain.ok, problem: chain.problems[0]?.message ?? null },
    };
    return write(async () => ({
      result,
      audit: {
        action: ok ? 'archive.verified' : 'archive.verification-failed',
        summary: {
          householdId: params.id,
          documents: documents.length,
          failed: documents.filter((d) => !d.ok).map((d) => d.id),
          chainOk: chain.ok,
        },
      },
    }));
  },
});

const exportZip = defineRoute({
  method: 'get',
  path: '/api/archive/households/:id/export',
  summary: '导出该户档案（zip：全部 PDF 及 JSON/XML 清单）；有文书校验不通过时拒绝导出',
  tag: '档案',
  roles: ARCHIVE_READERS,
  access: householdResource,
  params: IdParams,
  response: { description: 'zip', file: 'application/zip' },
  problems: { 409: '档案校验未通过' },
  handler: async ({ ctx, params, resource, res, write }) => {
    const scope = { districtCode: resource!.districtCode };
    const { zip, manifest, fileName } = await exportHousehold(ctx.db, storeOf(ctx), scope, params.id).catch(
      asProblem,
    );
    await write(async () => ({
      result: null,
      audit: {
        action: 'archive.exported',
        summary: { householdId: params.id, documents: manifest.documents.length },
      },
    }));
    res
      .status(200)
      .type('application/zip')
      .setHeader(
        'Content-Disposition',
        `attachment; filename="archive.zip"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      )
      .setHeader('Cache-Control', 'private, no-store');
    await pipeline(zip, res);
    return null;
  },
});

export const archiveRoutes = [households, householdFile, verification, exportZip];
