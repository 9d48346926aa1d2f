/**
 * Monthly disbursement runs (条例 §22 社会化发放): a district official starts the month's run (a
 * second start of the same month returns the same run and changes nothing), everyone concerned in
 * the district follows its progress and totals, the bank file is downloaded, and a 科室负责人 or
 * 负责人 — not the official who started it — approves it.
 */
import type { AppContext } from '../app';
import type { Role } from '../auth/roles';
import { bankFileDir, readBankFile } from '../disbursement/bank-file-store';
import { RunRefusal, loadRun, openRun, recordApproval } from '../disbursement/runs';
import { listRuns, runDetail } from '../disbursement/views';
import {
  RUN_DETAIL_FIELDS,
  RUN_SUMMARY_FIELDS,
  runFileRoute,
  withFiles,
  withSummary,
} from './disbursement-files';
import { Problem } from './problem';
import { defineRoute } from './route';
import { IdParams, Iso, PageQuery, pageOf } from './schemas';
import { z } from './zod';

export const RUN_STARTERS: readonly Role[] = ['district_official'];
export const RUN_APPROVERS: readonly Role[] = ['district_section_head', 'district_head'];
export const RUN_READERS: readonly Role[] = [
  'district_official',
  'district_section_head',
  'district_head',
  'archivist',
];
export const BANK_FILE_READERS: readonly Role[] = [
  'district_official',
  'district_section_head',
  'district_head',
];

const TITLES = { 400: '请求参数有误', 404: '未找到', 409: '无法执行' } as const;

/** A refused run operation as problem+json; anything else is rethrown. */
export function asProblem(err: unknown): never {
  if (err instanceof RunRefusal) throw new Problem(err.status, TITLES[err.status], err.message);
  throw err;
}

export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '应为 YYYY-MM');
export const Money = z.string().openapi({ example: '1710.00', description: '元，两位小数' });

export const RunView = z
  .object({
    id: z.uuid(),
    districtCode: z.string(),
    month: Month,
    status: z.enum(['pending', 'computing', 'computed', 'awaiting_approval', 'approved', 'paid']),
    statusLabel: z.string(),
    trigger: z.string(),
    startedById: z.uuid().nullable(),
    processInstanceKey: z.string().nullable(),
    workflowConnected: z.boolean(),
    progress: z.object({ done: z.number().int(), total: z.number().int(), percent: z.number().int() }),
    totals: z.object({
      households: z.number().int(),
      lines: z.number().int(),
      amount: Money,
      backPayAmount: Money,
      taperAmount: Money,
      missingAccounts: z.number().int().openapi({ description: '应发但无银行账号、未列入代发的对象数' }),
    }),
    bankFile: z.object({ name: z.string(), sha256: z.string(), records: z.number().int() }).nullable(),
    approval: z.object({
      approvedAt: Iso.nullable(),
      approvedById: z.uuid().nullable(),
      opinion: z.string().nullable(),
    }),
    paidAt: Iso.nullable(),
    reopened: z.number().int(),
    createdAt: Iso,
    updatedAt: Iso,
    ...RUN_SUMMARY_FIELDS,
  })
  .openapi('DisbursementRun');

export const RunDetail = RunView.extend({
  streets: z.array(
    z.object({
      streetCode: z.string(),
      streetName: z.string(),
      recipients: z.number().int(),
      households: z.number().int(),
      amount: Money,
      missingAccounts: z.number().int(),
      computed: z.boolean(),
      rosterDocumentId: z.uuid().nullable(),
    }),
  ),
  ...RUN_DETAIL_FIELDS,
}).openapi('DisbursementRunDetail');

const runResource = {
  kind: 'resource' as const,
  name: '发放批次',
  load: async (ctx: AppContext, p: { id: string }) => {
    const r = await ctx.db.disbursementRun.findUnique({
      where: { id: p.id },
      select: { districtCode: true },
    });
    return r ? { districtCode: r.districtCode, streetCode: null } : null;
  },
};

const startRun = defineRoute({
  method: 'post',
  path: '/api/disbursements',
  summary: '发起本区县某月的救助金发放（同一月份再次发起返回已有批次，不重复发放）',
  tag: '发放',
  roles: RUN_STARTERS,
  access: { kind: 'scoped' },
  body: z.strictObject({ month: Month.openapi({ example: '2026-11' }) }),
  response: {
    description: '本月发放批次（created 表示本次新建；再次发起返回已有批次）',
    schema: RunDetail.extend({ created: z.boolean() }).openapi('StartedRun'),
  },
  problems: { 409: '上月发放尚未审批', 404: '区县不存在' },
  handler: async ({ ctx, actor, body, write }) => {
    const { run, created } = await write(async (tx) => {
      const opened = await openRun(tx, {
        districtCode: actor.districtCode,
        month: body.month,
        trigger: 'manual',
        startedById: actor.id,
      }).catch(asProblem);
      return {
        result: opened,
        audit: {
          action: opened.created ? 'disbursement.run-opened' : 'disbursement.run-start-repeated',
          summary: { runId: opened.run.id, month: body.month, trigger: 'manual' },
        },
      };
    });
    if (ctx.disbursementWorkflow && !run.processInstanceKey) {
      try {
        await ctx.disbursementWorkflow.startRun(run.id);
      } catch (err) {
        // The run exists and stays pending; starting again picks it up.
        ctx.log.warn({ runId: run.id, err: (err as Error).message }, '发放流程启动失败');
      }
    }
    return { ...withFiles(await runDetail(ctx.db, run.id, !!ctx.disbursementWorkflow)), created };
  },
});

const listRunsRoute = defineRoute({
  method: 'get',
  path: '/api/disbursements',
  summary: '本区县的发放批次（按月份倒序）',
  tag: '发放',
  roles: RUN_READERS,
  access: { kind: 'scoped' },
  query: z.strictObject({
    status: z.enum(['pending', 'computing', 'computed', 'awaiting_approval', 'approved', 'paid']).optional(),
    ...PageQuery,
  }),
  response: { description: '发放批次', schema: pageOf(RunView) },
  handler: async ({ ctx, actor, query }) => {
    const page = await listRuns(ctx.db, actor.districtCode, query, !!ctx.disbursementWorkflow);
    return { ...page, items: page.items.map(withSummary) };
  },
});

const getRun = defineRoute({
  method: 'get',
  path: '/api/disbursements/:id',
  summary: '发放批次的状态、计算进度（已完成/总数）、合计与各街道小计',
  tag: '发放',
  roles: RUN_READERS,
  access: runResource,
  params: IdParams,
  response: { description: '发放批次', schema: RunDetail },
  handler: async ({ ctx, params }) =>
    withFiles(await runDetail(ctx.db, params.id, !!ctx.disbursementWorkflow)),
});

const bankFile = defineRoute({
  method: 'get',
  path: '/api/disbursements/:id/bank-file',
  summary: '下载银行代发文件（CSV；末行 TOTAL,笔数,金额,SHA-256 校验值）；每次下载记入审计',
  tag: '发放',
  roles: BANK_FILE_READERS,
  access: runResource,
  params: IdParams,
  response: { description: '银行代发文件（UTF-8，CRLF）', csv: true },
  problems: { 409: '尚未生成代发文件，或文件校验失败' },
  handler: async ({ ctx, params, res, write }) => {
    const file = await readBankFile(ctx.db, params.id, bankFileDir(ctx.config.dataDir)).catch(asProblem);
    await write(async () => ({
      result: null,
      audit: { action: 'disbursement.bank-file-downloaded', summary: { runId: params.id, file: file.name } },
    }));
    res.setHeader('Content-Disposition', `attachment; filename="${file.name}"`);
    return file.content;
  },
});

const approve = defineRoute({
  method: 'post',
  path: '/api/disbursements/:id/approval',
  summary: '区县审批发放批次：同意则标记为已发放；不同意须说明理由，批次退回重算。发起人不能审批本批次',
  tag: '发放',
  roles: RUN_APPROVERS,
  access: runResource,
  params: IdParams,
  body: z
    .strictObject({ approved: z.boolean(), opinion: z.string().trim().max(500).optional() })
    .refine((b) => b.approved || !!b.opinion, { message: '不同意时须填写理由', path: ['opinion'] }),
  response: { description: '审批后的批次', schema: RunDetail },
  problems: { 409: '批次不在待审批状态，或审批人即发起人' },
  handler: async ({ ctx, actor, params, body, write }) => {
    const opinion = body.opinion ?? '同意';
    const decision = { runApproved: body.approved, approvalOpinion: opinion, approvedById: actor.id };
    await write(async (tx) => {
      if (ctx.disbursementWorkflow) {
        // The process records the decision (mark-disbursement-paid / reopen-disbursement-run).
        const run = await loadRun(tx, params.id).catch(asProblem);
        if (run.status !== 'awaiting_approval') throw asProblem(new RunRefusal('发放批次不在待审批状态'));
        if (run.startedById === actor.id) {
          throw asProblem(new RunRefusal('发起本月发放的人员不能审批同一批次，请由其他负责人审批'));
        }
        await ctx.disbursementWorkflow.completeApproval(params.id, decision).catch(asProblem);
      } else {
        await recordApproval(tx, {
          runId: params.id,
          approverId: actor.id,
          approved: body.approved,
          opinion,
        }).catch(asProblem);
      }
      return {
        result: null,
        audit: {
          action: body.approved ? 'disbursement.run-approved' : 'disbursement.run-sent-back',
          summary: { runId: params.id, opinion },
        },
      };
    });
    return withFiles(await runDetail(ctx.db, params.id, !!ctx.disbursementWorkflow));
  },
});

const runFile = runFileRoute({
  readers: RUN_READERS,
  bankFileReaders: BANK_FILE_READERS,
  resource: runResource,
  asProblem,
});

export const disbursementRoutes = [startRun, listRunsRoute, getRun, bankFile, approve, runFile];
