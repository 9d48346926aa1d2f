/**
 * Every job worker of the models in workflows/, registered with the official client in one call
 * at start-up (server/server.ts): the case workers (one file per job type in this folder), the
 * `generate-document` worker, and the disbursement and re-check workers.
 */
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { registerJob } from '../../disbursement/jobs';
import { registerDisbursementWorkers } from '../../disbursement/register';
import type { DocumentServices } from '../../documents';
import type { Logger } from '../../log';
import type { CaseDeps } from '../case-jobs';
import checkDuplicateApplication from './check-duplicate-application';
import chooseDecisionLevel from './choose-decision-level';
import computeAmount from './compute-amount';
import computeDeadlines from './compute-deadlines';
import enrolRecipient from './enrol-recipient';
import { registerGenerateDocumentWorker } from './generate-document';
import markOverdue from './mark-overdue';
import payAssistance from './pay-assistance';
import requestVerification from './request-verification';
import selectSpotCheck from './select-spot-check';

/** The case models' job workers except generate-document. */
export const CASE_JOBS = [
  computeDeadlines,
  requestVerification,
  computeAmount,
  chooseDecisionLevel,
  enrolRecipient,
  selectSpotCheck,
  markOverdue,
  checkDuplicateApplication,
  payAssistance,
] as const;

export interface WorkerDeps {
  db: Db;
  config: Config;
  log?: Logger;
  /** Renderer and archive store (server/documents/index.ts createDocumentServices). */
  documents: Pick<DocumentServices, 'renderer' | 'store'>;
  /** The time the workers date things by; tests pass the engine's pinned clock. */
  clock?: () => Date;
  /** Secret of the 特困 spot-check draw; default DATA_DIR/spot-check.seed. */
  spotCheckSeed?: string;
}

/** The values from server/config.ts that templates use. */
export function documentDefaults(config: Config): Record<string, unknown> {
  // 57号 §17: the 核查认定中心 starts 核对 within 3 working days of the 委托.
  return {
    deadlineWorkingDays: config.dibao.deadlineWorkingDays,
    replyWorkingDays: 3,
    // Read by the template builders (server/documents/template-data).
    verificationAgency: config.documents.verificationAgency,
    verificationItems: config.documents.verificationItems,
    startMonthRule: config.dibao.startMonth,
  };
}

export function registerWorkers(client: CamundaClient, deps: WorkerDeps) {
  const caseDeps: CaseDeps = {
    db: deps.db,
    config: deps.config,
    ...(deps.log ? { log: deps.log } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.spotCheckSeed ? { spotCheckSeed: deps.spotCheckSeed } : {}),
  };
  return [
    ...CASE_JOBS.map((spec) => registerJob(client, spec as never, caseDeps)),
    registerGenerateDocumentWorker(client, {
      db: deps.db,
      store: deps.documents.store,
      renderer: deps.documents.renderer,
      ...(deps.log ? { log: deps.log } : {}),
      defaults: documentDefaults(deps.config),
    }),
    ...registerDisbursementWorkers(client, {
      db: deps.db,
      config: deps.config,
      ...(deps.log ? { log: deps.log } : {}),
      ...(deps.clock ? { clock: deps.clock } : {}),
    }),
  ];
}
