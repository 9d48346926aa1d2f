/**
 * Deployment: every resource is parsed and checked first; one problem anywhere rejects the whole
 * deployment with the list of element ids and types. A process identical to its latest version
 * (same resource name and checksum) keeps that version (Zeebe's duplicate detection); otherwise
 * it gets the next version. A new version with timer start events replaces the previous
 * version's start timers.
 */
import { invalidArgument } from '../errors';
import { evaluateAttribute, isExpression } from '../feel/feel';
import { parseBpmn } from '../model/parse';
import { scheduleOf } from '../model/timer-spec';
import type { EngineDb } from '../persistence/db';
import type { KeyGenerator } from '../persistence/keys';
import { insertMany, TIMESTAMP } from '../persistence/sql';
import type { DeployedProcess, ModelRegistry } from './models';

export interface Resource {
  name: string;
  content: string;
}

export interface DeploymentResult {
  deploymentKey: string;
  tenantId: string;
  processes: DeployedProcess[];
}

export async function deploy(
  db: EngineDb,
  keys: KeyGenerator,
  models: ModelRegistry,
  resources: Resource[],
  tenantId: string,
  now: number,
): Promise<DeploymentResult> {
  if (!resources.length) throw invalidArgument('Expected to deploy at least one resource, but none given');
  const parsed: { resource: Resource; result: Awaited<ReturnType<typeof parseBpmn>> }[] = [];
  const errors: string[] = [];
  for (const r of resources) {
    if (!/\.(bpmn|xml)$/i.test(r.name)) {
      errors.push(`'${r.name}': only BPMN resources (.bpmn) can be deployed to the embedded engine`);
      continue;
    }
    const result = await parseBpmn(r.content);
    if (result.problems.length) {
      const lines = result.problems.map((p) => `- Element: ${p.elementId} (${p.type}): ${p.reason}`);
      errors.push(`'${r.name}':\n${lines.join('\n')}`);
    }
    parsed.push({ resource: r, result });
  }
  if (errors.length) {
    throw invalidArgument(
      `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n${errors.join('\n')}`,
    );
  }
  const deploymentKey = keys.take();
  const added: DeployedProcess[] = [];
  const processes = await db.tx(async (c) => {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.engine_deploy'))`);
    const out: DeployedProcess[] = [];
    for (const { resource, result } of parsed) {
      for (const model of result.models) {
        const latest = models.latest(model.bpmnProcessId, tenantId);
        if (latest && latest.checksum === result.checksum && latest.resourceName === resource.name) {
          out.push(latest);
          continue;
        }
        const { rows } = await c.query<{ v: number | null }>(
          `SELECT max(version) AS v FROM engine_process_definition WHERE tenant_id = $1 AND bpmn_process_id = $2`,
          [tenantId, model.bpmnProcessId],
        );
        const def: DeployedProcess = {
          key: keys.take(),
          bpmnProcessId: model.bpmnProcessId,
          version: (rows[0]?.v ?? 0) + 1,
          versionTag: model.versionTag ?? null,
          name: model.name,
          resourceName: resource.name,
          checksum: result.checksum,
          tenantId,
          xml: resource.content,
          deployedAt: now,
          model,
        };
        await c.query(
          `INSERT INTO engine_process_definition (key, bpmn_process_id, version, version_tag, name, resource_name,
             checksum, deployment_key, tenant_id, xml, deployed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, to_timestamp($11 / 1000.0))`,
          [
            def.key,
            def.bpmnProcessId,
            def.version,
            def.versionTag,
            def.name,
            def.resourceName,
            def.checksum,
            deploymentKey,
            tenantId,
            def.xml,
            now,
          ],
        );
        await replaceStartTimers(c, keys, def, now);
        out.push(def);
        added.push(def);
      }
    }
    return out;
  });
  for (const def of added) models.add(def);
  return { deploymentKey, tenantId, processes };
}

async function replaceStartTimers(
  c: Parameters<typeof insertMany>[0],
  keys: KeyGenerator,
  def: DeployedProcess,
  now: number,
) {
  await c.query(
    `UPDATE engine_timer SET state = 'CANCELED'
     WHERE process_instance_key IS NULL AND state = 'ACTIVE' AND process_definition_key IN
       (SELECT key FROM engine_process_definition WHERE bpmn_process_id = $1 AND tenant_id = $2 AND key <> $3)`,
    [def.bpmnProcessId, def.tenantId, def.key],
  );
  const timers = def.model.starts.filter((s) => s.kind === 'timer');
  await insertMany(
    c,
    'engine_timer',
    [
      ['key', 'bigint[]'],
      ['process_definition_key', 'bigint[]'],
      ['element_id', 'text[]'],
      ['due_date', ...TIMESTAMP],
      ['repetitions', 'int[]'],
      ['cycle', 'text[]'],
      ['state', 'text[]'],
      ['tenant_id', 'text[]'],
    ],
    timers.map((s) => {
      const value = isExpression(s.timer!.value)
        ? String(evaluateAttribute(s.timer!.value, 'string', () => ({}), now))
        : s.timer!.value;
      const schedule = scheduleOf(s.timer!.kind, value, now);
      return [
        keys.take(),
        def.key,
        s.id,
        schedule.due,
        schedule.repetitions,
        schedule.cycle,
        'ACTIVE',
        def.tenantId,
      ];
    }),
  );
}
