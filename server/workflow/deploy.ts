/**
 * Deploys every workflows/*.bpmn at start, in one deployment. Redeploying an unchanged model
 * keeps its version (the engine's duplicate detection, as Zeebe's), so restarts create no new
 * versions; a changed model gets the next version and new instances use it.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';
import type { Logger } from '../log';
import { WORKFLOWS_DIR } from '../paths';

export interface DeployedModel {
  processDefinitionId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  resourceName: string;
}

export async function deployWorkflows(
  client: CamundaClient,
  log: Logger,
  dir = WORKFLOWS_DIR,
): Promise<DeployedModel[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.bpmn')).sort();
  if (!names.length) {
    log.warn({ dir }, '没有可部署的流程模型');
    return [];
  }
  const resources = await Promise.all(
    names.map(
      async (name) => new File([await readFile(path.join(dir, name))], name, { type: 'application/xml' }),
    ),
  );
  const result = await client.createDeployment({ resources });
  const models = result.processes.map((p) => ({
    processDefinitionId: p.processDefinitionId,
    processDefinitionVersion: p.processDefinitionVersion,
    processDefinitionKey: p.processDefinitionKey,
    resourceName: p.resourceName,
  }));
  log.info(
    { models: models.map((m) => `${m.processDefinitionId} v${m.processDefinitionVersion}`) },
    '流程模型已部署',
  );
  return models;
}
