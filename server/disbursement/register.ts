/**
 * The job workers of disbursement.bpmn and recheck.bpmn (one file each in
 * server/workflow/workers/), registered with the official client in one call at start-up.
 */
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';
import applyAmountChange from '../workflow/workers/apply-amount-change';
import assessRecheckChange from '../workflow/workers/assess-recheck-change';
import closeRecheck from '../workflow/workers/close-recheck';
import computeDisbursement from '../workflow/workers/compute-disbursement';
import markDisbursementPaid from '../workflow/workers/mark-disbursement-paid';
import nextRosterStreet from '../workflow/workers/next-roster-street';
import openDisbursementRuns from '../workflow/workers/open-disbursement-runs';
import openDueRechecks from '../workflow/workers/open-due-rechecks';
import prepareAmountChange from '../workflow/workers/prepare-amount-change';
import reopenDisbursementRun from '../workflow/workers/reopen-disbursement-run';
import submitDisbursementApproval from '../workflow/workers/submit-disbursement-approval';
import writeBankFile from '../workflow/workers/write-bank-file';
import { processStarterOf, registerJob, type DisbursementDeps } from './jobs';

export const DISBURSEMENT_JOBS = [
  openDisbursementRuns,
  computeDisbursement,
  writeBankFile,
  nextRosterStreet,
  submitDisbursementApproval,
  markDisbursementPaid,
  reopenDisbursementRun,
] as const;

export const RECHECK_JOBS = [
  openDueRechecks,
  assessRecheckChange,
  prepareAmountChange,
  applyAmountChange,
  closeRecheck,
] as const;

export function registerDisbursementWorkers(
  client: CamundaClient,
  deps: Omit<DisbursementDeps, 'processes'>,
) {
  const full: DisbursementDeps = { ...deps, processes: processStarterOf(client) };
  return [...DISBURSEMENT_JOBS, ...RECHECK_JOBS].map((spec) => registerJob(client, spec as never, full));
}
