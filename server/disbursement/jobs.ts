/**
 * What the job workers (server/workflow/workers/*.ts: disbursement, re-check and case) share: their
 * dependencies, the job fields a handler reads (as the official client's activated job carries
 * them), zod parsing of variables with zh-CN messages, and registration with the official client's
 * job worker: a handler returns the output variables; a refusal of bad data fails the job without
 * retries (an incident a person resolves), anything else is retried with back-off.
 */
import type { ActivatedJobResult, CamundaClient } from '@camunda8/orchestration-cluster-api';
import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Logger } from '../log';
import { WORKER_PREFIX } from '../workflow/camunda';
import { RunRefusal } from './runs';

/** Starts a process instance at its none start event; returns the process instance key. */
export interface ProcessStarter {
  start(processDefinitionId: string, variables: Record<string, unknown>): Promise<string>;
}

export interface DisbursementDeps {
  db: Db;
  config: Pick<Config, 'amountRounding' | 'disbursement' | 'dataDir'>;
  log?: Logger;
  /** The engine (official client); the workers that start instances need it. */
  processes?: ProcessStarter;
  /** The time; tests pass a fixed one. */
  clock?: () => Date;
}

/** The fields of an activated job the handlers read. */
export type JobFields = Pick<
  ActivatedJobResult,
  'jobKey' | 'elementInstanceKey' | 'processInstanceKey' | 'customHeaders' | 'variables'
> &
  Partial<Pick<ActivatedJobResult, 'elementId' | 'processDefinitionId'>>;

/**
 * A job worker's contract: the job type, zod schemas of its input variables and its output, and
 * the handler. `D` is what the handler needs (the disbursement workers' deps by default; the case
 * workers use server/workflow/case-jobs.ts `CaseDeps`).
 */
export interface JobSpec<
  In extends z.ZodType,
  Out extends z.ZodType<Record<string, unknown>>,
  D extends { log?: Logger } = DisbursementDeps,
> {
  type: string;
  input: In;
  output: Out;
  /** Long computations (a district's run) need more than the default. */
  timeoutMs?: number;
  handle(deps: D, vars: z.infer<In>, job: JobFields): Promise<z.infer<Out>>;
}

export function defineJob<
  In extends z.ZodType,
  Out extends z.ZodType<Record<string, unknown>>,
  D extends { log?: Logger } = DisbursementDeps,
>(spec: JobSpec<In, Out, D>) {
  return spec;
}

const zhCN = z.locales.zhCN().localeError;

/** Parses the job's variables; a bad variable is a refusal naming it. */
export function parseVariables<T>(schema: z.ZodType<T>, variables: unknown, type: string): T {
  const r = schema.safeParse(variables, { error: zhCN });
  if (r.success) return r.data;
  const what = r.error.issues.map((i) => `${i.path.join('.') || '变量'}：${i.message}`).join('；');
  throw new RunRefusal(`任务 ${type} 的流程变量不符合要求：${what}`, 400);
}

/** Runs one job through its spec: parse, handle, check the output. */
export async function runJob<
  In extends z.ZodType,
  Out extends z.ZodType<Record<string, unknown>>,
  D extends { log?: Logger } = DisbursementDeps,
>(spec: JobSpec<In, Out, D>, deps: D, job: JobFields): Promise<z.infer<Out>> {
  const vars = parseVariables(spec.input as z.ZodType<z.infer<In>>, job.variables, spec.type);
  const out = await spec.handle(deps, vars, job);
  return spec.output.parse(out);
}

/** Registers the spec with the official client's polling job worker. */
export function registerJob<
  In extends z.ZodType,
  Out extends z.ZodType<Record<string, unknown>>,
  D extends { log?: Logger } = DisbursementDeps,
>(client: CamundaClient, spec: JobSpec<In, Out, D>, deps: D) {
  return client.createJobWorker({
    jobType: spec.type,
    workerName: `${WORKER_PREFIX}${spec.type}`,
    maxParallelJobs: 1,
    jobTimeoutMs: spec.timeoutMs ?? 60_000,
    jobHandler: async (job) => {
      try {
        return await job.complete(await runJob(spec, deps, job));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        deps.log?.warn({ jobKey: job.jobKey, type: spec.type, err: message }, '任务失败');
        const retries = err instanceof RunRefusal ? 0 : Math.max(0, job.retries - 1);
        return job.fail({ errorMessage: message, retries, retryBackOff: 10_000 });
      }
    },
  });
}

/** A ProcessStarter over the official client. */
export function processStarterOf(client: CamundaClient): ProcessStarter {
  return {
    async start(processDefinitionId, variables) {
      const r = await client.createProcessInstance({
        processDefinitionId: processDefinitionId as never,
        variables,
      });
      return String(r.processInstanceKey);
    },
  };
}

export const Uuid = z.uuid('应为 UUID');
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '应为 YYYY-MM');
