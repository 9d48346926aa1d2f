/**
 * 文书: a case's documents in issue order and one document's PDF (inline for the preview, as an
 * attachment with ?download=1). Bytes are handed out only when they still match the archived
 * SHA-256 (server/documents/archive/queries.ts); every view and download is in the audit trail.
 */
import type { AppContext } from '../app';
import { CASE_READERS } from '../auth/roles';
import { ArchiveError } from '../documents/archive/errors';
import { FileStore } from '../documents/archive/file-store';
import { downloadDocument, view, type ArchivedDocumentView } from '../documents/archive/queries';
import { documentSpec } from '../documents/catalog';
import { caseResource } from './cases/case-routes';
import { Problem } from './problem';
import { defineRoute } from './route';
import { IdParams } from './schemas';
import { z } from './zod';

const RETENTION_LABELS = { approval: '审批类', routine: '日常管理类' } as const;

export const storeOf = (ctx: AppContext) => new FileStore(ctx.config.documents.archiveDir);

/** Archive refusals as problem+json: a changed or missing file is a conflict, not a server error. */
export function asProblem(err: unknown): never {
  if (err instanceof ArchiveError) {
    if (err.code === 'not_found') throw new Problem(404, '未找到', err.message);
    if (err.code === 'tampered') throw new Problem(409, '档案校验未通过', err.message);
    throw new Problem(400, '请求参数有误', err.message);
  }
  throw err;
}

export const ArchivedDocument = z
  .object({
    id: z.uuid(),
    caseId: z.uuid().nullable(),
    caseNo: z.string().nullable(),
    type: z.string().openapi({ description: '文书种类，如 确认通知书' }),
    title: z.string(),
    documentNo: z.string().nullable().openapi({ description: '发文字号' }),
    issuer: z.string(),
    issuedOn: z.iso.date().openapi({ description: '成文日期' }),
    retentionClass: z.enum(['审批类', '日常管理类']),
    retentionUntil: z.iso.date().nullable(),
    sha256: z.string(),
    size: z.number().int(),
  })
  .openapi('ArchivedDocument');

function typeLabel(template: string): string {
  try {
    return documentSpec(template).title;
  } catch {
    return template;
  }
}

export async function documentViews(ctx: AppContext, docs: ArchivedDocumentView[]) {
  const caseIds = [...new Set(docs.map((d) => d.caseId).filter((x): x is string => !!x))];
  const cases = await ctx.db.case.findMany({
    where: { id: { in: caseIds } },
    select: { id: true, caseNo: true },
  });
  const caseNo = new Map(cases.map((c) => [c.id, c.caseNo]));
  return docs.map((d) => ({
    id: d.id,
    caseId: d.caseId,
    caseNo: d.caseId ? (caseNo.get(d.caseId) ?? null) : null,
    type: typeLabel(d.documentType),
    title: d.title,
    documentNo: d.documentNumber,
    issuer: d.issuerName,
    issuedOn: d.documentDate,
    retentionClass: RETENTION_LABELS[d.retentionClass],
    retentionUntil: d.retentionUntil,
    sha256: d.sha256,
    size: d.size,
  }));
}

const caseDocuments = defineRoute({
  method: 'get',
  path: '/api/cases/:id/documents',
  summary: '案件的文书（按出具顺序）：文号、出具单位、成文日期、保管类别、SHA-256',
  tag: '文书',
  roles: CASE_READERS,
  access: caseResource,
  params: IdParams,
  response: { description: '文书列表', schema: z.array(ArchivedDocument) },
  handler: async ({ ctx, params }) => {
    const rows = await ctx.db.archiveDocument.findMany({
      where: { caseId: params.id },
      orderBy: [{ documentDate: 'asc' }, { chainSeq: 'asc' }],
    });
    return documentViews(ctx, rows.map(view));
  },
});

const documentResource = {
  kind: 'resource' as const,
  name: '文书',
  load: (ctx: AppContext, p: { id: string }) =>
    ctx.db.archiveDocument.findUnique({
      where: { id: p.id },
      select: { districtCode: true, streetCode: true },
    }),
};

const documentFile = defineRoute({
  method: 'get',
  path: '/api/documents/:id/file',
  summary: '文书 PDF（inline 预览；download=1 时作为附件下载）；文件与存档摘要不符时拒绝',
  tag: '文书',
  roles: CASE_READERS,
  access: documentResource,
  params: IdParams,
  query: z.strictObject({ download: z.enum(['0', '1']).optional() }),
  response: { description: 'PDF', file: 'application/pdf' },
  problems: { 409: '文件缺失或已被改动' },
  handler: async ({ ctx, params, query, res, resource, write }) => {
    const { document, pdf, fileName } = await downloadDocument(
      ctx.db,
      storeOf(ctx),
      resource!,
      params.id,
    ).catch(asProblem);
    const download = query.download === '1';
    await write(async () => ({
      result: null,
      audit: {
        action: download ? 'document.downloaded' : 'document.viewed',
        caseId: document.caseId,
        summary: { documentId: document.id, title: document.title, documentNumber: document.documentNumber },
      },
    }));
    res
      .status(200)
      .type('application/pdf')
      .setHeader(
        'Content-Disposition',
        `${download ? 'attachment' : 'inline'}; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      )
      .setHeader('Cache-Control', 'private, no-store')
      .send(pdf);
    return null;
  },
});

export const documentRoutes = [caseDocuments, documentFile];
