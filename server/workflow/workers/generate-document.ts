/**
 * Job worker `generate-document`.
 *
 * Consumes: custom header `template` (a template of server/documents/catalog.ts) and optionally
 *   `issuer` (`street` | `district`, e.g. 确认通知书 issued by the 街道 when the decision is
 *   delegated, 57号 §20); variables `caseId` (required), `documentDate` (成文日期, default today in
 *   China) and whatever the template needs beyond the case (reasons, opinions, contact, …).
 * Produces: one official PDF in the archive (一户一档) and the variables `documentId` and
 *   `documentNumber` (发文字号, null for forms and records).
 * Retry safety: the archive write is keyed by `job:<elementInstanceKey>`, which stays the same
 *   when the engine retries the job or re-activates it after a timeout; a second run finds the
 *   first document and returns it, so there is never a second document or a second 文号.
 */
import { z } from 'zod';
import type { CamundaClient, EnrichedActivatedJob } from '@camunda8/orchestration-cluster-api';
import type { Db } from '../../db/client';
import type { Logger } from '../../log';
import { appendDocument } from '../../documents/archive/append';
import type { FileStore } from '../../documents/archive/file-store';
import {
  documentData,
  issuerFor,
  loadCaseContext,
  loadRosterContext,
  todayInChina,
  type CaseContext,
} from '../../documents/case-data';
import { documentSpec } from '../../documents/catalog';
import { DocumentError, type DocumentRenderer } from '../../documents/renderer';
import { WORKER_PREFIX } from '../camunda';

export const JOB_TYPE = 'generate-document';

/** The job fields the handler reads (as the official client's activated job carries them). */
export type GenerateDocumentJob = Pick<
  EnrichedActivatedJob,
  'jobKey' | 'elementInstanceKey' | 'processInstanceKey' | 'customHeaders' | 'variables'
>;

export interface GenerateDocumentDeps {
  db: Db;
  store: FileStore;
  renderer: DocumentRenderer;
  log?: Logger;
  /** Values from server/config.ts the templates use (e.g. deadlineWorkingDays). */
  defaults?: Record<string, unknown>;
}

const headersSchema = z.object({
  template: z
    .string({ error: '任务头缺少 template（公文模板名）' })
    .min(1, '任务头缺少 template（公文模板名）'),
  issuer: z.enum(['street', 'district']).optional(),
});
const variablesSchema = z
  .object({
    caseId: z.uuid({ error: '变量 caseId 应为案件编号（UUID）' }).optional(),
    /** The 花名册 of a disbursement run's street. */
    runId: z.uuid({ error: '变量 runId 应为发放批次编号（UUID）' }).optional(),
    streetCode: z.string().optional(),
    documentDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, '变量 documentDate 应为 YYYY-MM-DD')
      .optional(),
  })
  .passthrough();

export const outputSchema = z.object({
  documentId: z.string().uuid(),
  documentNumber: z.string().nullable(),
  /** The contract's name for the same (workflows/README.md; 一事一议 returns it as panelMinutes). */
  lastDocument: z.object({ id: z.string().uuid(), number: z.string().nullable(), template: z.string() }),
});
export type GenerateDocumentOutput = z.infer<typeof outputSchema>;

const zhCN = z.locales.zhCN().localeError;
/** Documents of the decision, issued by whoever decided (variable `decisionLevel`). */
const DELEGABLE = new Set(['grant-notice', 'refusal-notice']);

/** Renders and archives the document of one job; idempotent per element instance. */
export async function handleGenerateDocument(
  deps: GenerateDocumentDeps,
  job: GenerateDocumentJob,
): Promise<GenerateDocumentOutput> {
  const headers = headersSchema.safeParse(job.customHeaders, { error: zhCN });
  if (!headers.success) throw new DocumentError(headers.error.issues.map((i) => i.message).join('；'));
  const vars = variablesSchema.safeParse(job.variables, { error: zhCN });
  if (!vars.success) throw new DocumentError(vars.error.issues.map((i) => i.message).join('；'));
  let spec: ReturnType<typeof documentSpec>;
  try {
    spec = documentSpec(headers.data.template);
  } catch (err) {
    throw new DocumentError((err as Error).message);
  }
  const ctx = await contextOf(deps.db, spec.name, vars.data);
  // 57号 §20: where 审核确认 is delegated, the 街道 issues the 确认 / 不予确认 notice.
  const delegated = DELEGABLE.has(spec.name) ? vars.data.decisionLevel : undefined;
  const issuer = issuerFor(spec, ctx, headers.data.issuer ?? delegated);
  const documentDate = vars.data.documentDate ?? todayInChina();
  const data = documentData(
    spec,
    ctx,
    issuer,
    { ...fromDecision(spec.name, vars.data), ...vars.data, date: documentDate },
    deps.defaults ?? {},
  );
  // Validate before a 文号 is taken, so that bad data never holds the counter.
  try {
    deps.renderer.validate(spec.name, { ...data, documentNumber: spec.numbered ? '待编号' : null });
  } catch (err) {
    if (!issuer.contact && !('contact' in data) && /contact/.test(String(err)))
      throw new DocumentError(
        `${issuer.name}尚未设置联系单位和联系电话（印在${spec.title}上），请系统管理员补充后重试此任务。${(err as Error).message}`,
      );
    throw err;
  }

  const { document, created } = await appendDocument(deps.db, deps.store, {
    spec,
    districtCode: ctx.districtCode,
    streetCode: ctx.streetCode,
    householdId: ctx.householdId,
    caseId: ctx.caseId,
    issuer,
    documentDate,
    idempotencyKey: `job:${job.elementInstanceKey}`,
    render: (documentNumber) =>
      deps.renderer.render(spec.name, { ...data, documentNumber }, { caseId: ctx.caseId }),
  });
  deps.log?.info(
    { jobKey: job.jobKey, caseId: ctx.caseId, documentId: document.id, template: spec.name, created },
    created ? '公文已生成并归档' : '公文已存在（重试），未重复生成',
  );
  return {
    documentId: document.id,
    documentNumber: document.documentNumber,
    lastDocument: { id: document.id, number: document.documentNumber, template: spec.name },
  };
}

/** The case the document belongs to, or for the 花名册 the run's street. */
async function contextOf(
  db: Db,
  template: string,
  v: { caseId?: string | undefined; runId?: string | undefined; streetCode?: string | undefined },
): Promise<CaseContext> {
  if (template === 'disbursement-roster') {
    if (!v.runId || !v.streetCode)
      throw new DocumentError('花名册需要变量 runId（发放批次）和 streetCode（街道）');
    return loadRosterContext(db, v.runId, v.streetCode);
  }
  if (!v.caseId) throw new DocumentError('变量 caseId 应为案件编号（UUID）');
  return loadCaseContext(db, v.caseId);
}

/**
 * What a decision form's variables say in a document's own terms (variables of the same name as
 * a template field still win): 不予确认 reasons (57号 §21) and the decided amount.
 */
function fromDecision(template: string, v: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (template === 'refusal-notice' && typeof v.decisionReasons === 'string' && v.decisionReasons.trim()) {
    out.reasons = [v.decisionReasons.trim()];
  }
  if (template === 'grant-notice' && typeof v.approvedAmount === 'number')
    out.monthlyAmount = v.approvedAmount;
  if (template === 'meeting-minutes') {
    if (typeof v.panelAmount === 'number') out.decidedAmount = v.panelAmount;
    if (typeof v.panelReasons === 'string' && v.panelReasons.trim()) out.reasons = [v.panelReasons.trim()];
  }
  return out;
}

/** Registers the worker with the official client's job worker API. */
export function registerGenerateDocumentWorker(
  client: CamundaClient,
  deps: GenerateDocumentDeps,
  opts: { maxParallelJobs?: number; jobTimeoutMs?: number } = {},
) {
  return client.createJobWorker({
    jobType: JOB_TYPE,
    workerName: `${WORKER_PREFIX}${JOB_TYPE}`,
    maxParallelJobs: opts.maxParallelJobs ?? deps.renderer.pool.size,
    jobTimeoutMs: opts.jobTimeoutMs ?? 180_000,
    outputSchema,
    jobHandler: async (job) => {
      try {
        return await job.complete(await handleGenerateDocument(deps, job));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        deps.log?.warn({ jobKey: job.jobKey, err: message }, '公文生成失败');
        // Bad data will not get better by retrying: no retries left → incident for a person.
        const retries = err instanceof DocumentError ? 0 : Math.max(0, job.retries - 1);
        return job.fail({ errorMessage: message, retries, retryBackOff: 10_000 });
      }
    },
  });
}
