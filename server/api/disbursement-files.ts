/**
 * The files of a disbursement run as the UI lists them (ui/src/api/types.ts `DisbursementRun`):
 * the bank file (CSV) and each street's 救助金发放花名册 (an archived PDF), downloaded by
 * `GET /api/disbursements/:id/files/:fileId`, plus the summary fields the UI's run page reads.
 * Bytes leave only when they match their recorded SHA-256; every download is audited.
 */
import type { AppContext } from '../app';
import { bankFileDir, readBankFile } from '../disbursement/bank-file-store';
import { downloadDocument } from '../documents/archive/queries';
import { asProblem as archiveProblem, storeOf } from './documents-routes';
import { forbidden, notFound } from './problem';
import { defineRoute } from './route';
import { z } from './zod';

const Money = z.string().openapi({ example: '1710.00', description: '元，两位小数' });

/** Fields of a run in lists (the UI's run table). */
export const RUN_SUMMARY_FIELDS = {
  totalAmount: Money,
  backPayAmount: Money,
  households: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable().openapi({ description: '发放完成（已发放）时间' }),
};

export const RUN_FILE = z.object({
  id: z.string().openapi({ description: 'bank-file，或花名册的文书编号' }),
  kind: z.enum(['bank-file', 'roster']),
  label: z.string(),
  streetName: z.string().nullable(),
});

/** Fields of one run (the UI's run page). */
export const RUN_DETAIL_FIELDS = {
  persons: z.number().int().openapi({ description: '发放对象数（各街道合计）' }),
  byStreet: z.array(
    z.object({ streetCode: z.string(), streetName: z.string(), households: z.number().int(), amount: Money }),
  ),
  files: z.array(RUN_FILE),
};

interface RunLike {
  totals: { amount: string; backPayAmount: string; households: number };
  createdAt: string;
  paidAt: string | null;
}
interface DetailLike extends RunLike {
  bankFile: { name: string } | null;
  streets: {
    streetCode: string;
    streetName: string;
    recipients: number;
    households: number;
    amount: string;
    rosterDocumentId: string | null;
  }[];
}

export function withSummary<T extends RunLike>(r: T) {
  return {
    ...r,
    totalAmount: r.totals.amount,
    backPayAmount: r.totals.backPayAmount,
    households: r.totals.households,
    startedAt: r.createdAt,
    finishedAt: r.paidAt,
  };
}

export function withFiles<T extends DetailLike>(r: T) {
  return {
    ...withSummary(r),
    persons: r.streets.reduce((n, s) => n + s.recipients, 0),
    byStreet: r.streets.map((s) => ({
      streetCode: s.streetCode,
      streetName: s.streetName,
      households: s.households,
      amount: s.amount,
    })),
    files: [
      ...(r.bankFile
        ? [
            {
              id: 'bank-file',
              kind: 'bank-file' as const,
              label: `银行代发文件 ${r.bankFile.name}`,
              streetName: null,
            },
          ]
        : []),
      ...r.streets
        .filter((s) => s.rosterDocumentId)
        .map((s) => ({
          id: s.rosterDocumentId!,
          kind: 'roster' as const,
          label: `救助金发放花名册（${s.streetName}）`,
          streetName: s.streetName,
        })),
    ],
  };
}

export function runFileRoute(opts: {
  readers: readonly Parameters<typeof defineRoute>[0]['roles'][number][];
  bankFileReaders: readonly string[];
  resource: {
    kind: 'resource';
    name: string;
    load: (ctx: AppContext, p: { id: string }) => Promise<{ districtCode: string; streetCode: null } | null>;
  };
  asProblem: (err: unknown) => never;
}) {
  return defineRoute({
    method: 'get',
    path: '/api/disbursements/:id/files/:fileId',
    summary:
      '下载发放批次的文件：银行代发文件（bank-file，CSV）或某街道的发放花名册（PDF）；每次下载记入审计',
    tag: '发放',
    roles: opts.readers,
    access: opts.resource,
    params: z.strictObject({
      id: z.uuid('应为 UUID'),
      fileId: z.union([z.literal('bank-file'), z.uuid('应为 bank-file 或花名册编号')]),
    }),
    response: { description: 'CSV 或 PDF', file: 'application/octet-stream' },
    problems: { 409: '文件尚未生成，或校验失败' },
    handler: async ({ ctx, actor, params, res, write }) => {
      const send = (type: string, name: string, body: string | Buffer) =>
        res
          .status(200)
          .type(type)
          .setHeader(
            'Content-Disposition',
            `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(name)}`,
          )
          .setHeader('Cache-Control', 'private, no-store')
          .send(body);
      if (params.fileId === 'bank-file') {
        // The bank file holds every account number: only those who handle payment get it.
        if (!opts.bankFileReaders.includes(actor.role)) throw forbidden('您的角色无权下载银行代发文件');
        const file = await readBankFile(ctx.db, params.id, bankFileDir(ctx.config.dataDir)).catch(
          opts.asProblem,
        );
        await write(async () => ({
          result: null,
          audit: {
            action: 'disbursement.bank-file-downloaded',
            summary: { runId: params.id, file: file.name },
          },
        }));
        send('text/csv; charset=utf-8', file.name, file.content);
        return null;
      }
      const street = await ctx.db.disbursementRunStreet.findFirst({
        where: { runId: params.id, rosterDocumentId: params.fileId },
      });
      if (!street) throw notFound('该批次没有这份花名册');
      const run = await ctx.db.disbursementRun.findUniqueOrThrow({ where: { id: params.id } });
      const { document, pdf, fileName } = await downloadDocument(
        ctx.db,
        storeOf(ctx),
        run,
        params.fileId,
      ).catch(archiveProblem);
      await write(async () => ({
        result: null,
        audit: {
          action: 'disbursement.roster-downloaded',
          summary: { runId: params.id, documentId: document.id, streetCode: street.streetCode },
        },
      }));
      send('application/pdf', fileName, pdf);
      return null;
    },
  });
}
