import { createCamundaClient } from '@camunda8/orchestration-cluster-api';
import type pg from 'pg';
import type { LooseClient } from '../../test/helpers/engine';

const NOW = { consistency: { waitUpToMs: 0 } };

/**
 * One real 低保 instance waiting at its first user task (受理审查), started through the engine's
 * REST API with the official client for the case `caseId`: the template of the clones. The
 * deadline job before the task is completed here when no worker of the server takes it.
 */
export async function waitingInstance(
  engine: { address: string; user: string; password: string },
  pool: pg.Pool,
  caseId: string,
): Promise<string> {
  const client = createCamundaClient({
    config: {
      CAMUNDA_REST_ADDRESS: engine.address,
      CAMUNDA_AUTH_STRATEGY: 'BASIC',
      CAMUNDA_BASIC_AUTH_USERNAME: engine.user,
      CAMUNDA_BASIC_AUTH_PASSWORD: engine.password,
      CAMUNDA_SDK_LOG_LEVEL: 'error',
    } as never,
  }) as unknown as LooseClient;
  const { rows } = await pool.query<{ case_no: string; street_code: string }>(
    `SELECT case_no, street_code FROM "case" WHERE id = $1`,
    [caseId],
  );
  const pi = await client.createProcessInstance({
    processDefinitionId: 'dibao',
    variables: {
      caseId,
      caseNo: rows[0]!.case_no,
      districtCode: '500112',
      streetCode: rows[0]!.street_code,
      appliedOn: '2026-11-02',
      staffRelative: false,
      communityAssessment: true,
    },
  });
  const key = String(pi.processInstanceKey);
  for (let i = 0; i < 100; i++) {
    const tasks = await client.searchUserTasks({ filter: { processInstanceKey: key } }, NOW);
    if (tasks.items.length) return key;
    const { jobs } = await client.activateJobs({
      type: 'compute-deadlines',
      maxJobsToActivate: 1,
      timeout: 60_000,
      requestTimeout: -1,
      worker: 'bench',
    });
    for (const job of jobs)
      await client.completeJob({
        jobKey: job.jobKey,
        variables: { acceptanceDue: '2026-11-09T23:59:59+08:00' },
      });
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the template instance never reached its first user task');
}
