/**
 * The API's DisbursementWorkflow over the official Camunda client: starting a run's process and
 * completing its district approval task (`disbursement-approval`) with the decision.
 */
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';
import type { DisbursementWorkflow } from '../api/seams';
import type { Db } from '../db/client';
import { processStarterOf } from './jobs';
import { startRunProcess } from './processes';
import { RunRefusal, loadRun } from './runs';

export const APPROVAL_TASK = 'disbursement-run-approval';

export function disbursementWorkflowOf(client: CamundaClient, db: Db): DisbursementWorkflow {
  const processes = processStarterOf(client);
  return {
    async startRun(runId) {
      return startRunProcess(db, processes, await loadRun(db, runId));
    },
    async completeApproval(runId, decision) {
      const run = await loadRun(db, runId);
      if (!run.processInstanceKey) throw new RunRefusal('该批次没有流程实例，无法完成审批任务');
      const found = await client.searchUserTasks(
        {
          filter: {
            processInstanceKey: run.processInstanceKey as never,
            elementId: APPROVAL_TASK as never,
            state: 'CREATED',
          },
        },
        { consistency: { waitUpToMs: 5_000, predicate: (r) => r.items.length > 0 } },
      );
      const task = found.items[0];
      if (!task) throw new RunRefusal('未找到该批次的审批任务，请稍后重试');
      await client.completeUserTask({ userTaskKey: task.userTaskKey, variables: decision });
    },
  };
}
