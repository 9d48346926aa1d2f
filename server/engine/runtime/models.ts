/**
 * Deployed process definitions, parsed once and kept in memory (a district deploys a handful of
 * models; versions accumulate slowly). Runnable bpmn-engine source contexts are built per
 * definition and start event on first use and cached.
 */
import type { Queryable } from '../persistence/db';
import { parseBpmn } from '../model/parse';
import type { ProcessModel } from '../model/types';
import { variantFor } from '../model/variants';
import { toSourceContext } from './behaviours';

export interface DeployedProcess {
  key: string;
  bpmnProcessId: string;
  version: number;
  versionTag: string | null;
  name: string;
  resourceName: string;
  checksum: string;
  tenantId: string;
  xml: string;
  deployedAt: number;
  model: ProcessModel;
}

export class ModelRegistry {
  private readonly byKeyMap = new Map<string, DeployedProcess>();
  private readonly latestMap = new Map<string, DeployedProcess>();
  private readonly contexts = new Map<string, unknown>();

  async load(db: Queryable): Promise<void> {
    const { rows } = await db.query(
      `SELECT key, bpmn_process_id, version, version_tag, name, resource_name, checksum, tenant_id, xml,
              deployed_at FROM engine_process_definition ORDER BY version`,
    );
    const parsedByChecksum = new Map<string, Awaited<ReturnType<typeof parseBpmn>>>();
    for (const r of rows) {
      let parsed = parsedByChecksum.get(r.checksum);
      if (!parsed) {
        parsed = await parseBpmn(r.xml);
        parsedByChecksum.set(r.checksum, parsed);
      }
      const model = parsed.models.find((m) => m.bpmnProcessId === r.bpmn_process_id);
      if (!model) throw new Error(`deployed process ${r.bpmn_process_id} v${r.version} no longer parses`);
      this.add({
        key: r.key,
        bpmnProcessId: r.bpmn_process_id,
        version: r.version,
        versionTag: r.version_tag,
        name: r.name ?? r.bpmn_process_id,
        resourceName: r.resource_name,
        checksum: r.checksum,
        tenantId: r.tenant_id,
        xml: r.xml,
        deployedAt: new Date(r.deployed_at).getTime(),
        model,
      });
    }
  }

  add(def: DeployedProcess): void {
    this.byKeyMap.set(def.key, def);
    const id = `${def.tenantId}/${def.bpmnProcessId}`;
    const current = this.latestMap.get(id);
    if (!current || current.version < def.version) this.latestMap.set(id, def);
  }

  byKey(key: string): DeployedProcess | undefined {
    return this.byKeyMap.get(key);
  }

  latest(bpmnProcessId: string, tenantId: string): DeployedProcess | undefined {
    return this.latestMap.get(`${tenantId}/${bpmnProcessId}`);
  }

  version(bpmnProcessId: string, version: number, tenantId: string): DeployedProcess | undefined {
    for (const d of this.byKeyMap.values()) {
      if (d.bpmnProcessId === bpmnProcessId && d.version === version && d.tenantId === tenantId) return d;
    }
    return undefined;
  }

  all(): DeployedProcess[] {
    return [...this.byKeyMap.values()];
  }

  latestAll(): DeployedProcess[] {
    return [...this.latestMap.values()];
  }

  /** The bpmn-engine source context of `def` starting at `startId`. */
  sourceContext(def: DeployedProcess, startId: string): unknown {
    const id = `${def.key}/${startId}`;
    let ctx = this.contexts.get(id);
    if (!ctx) {
      ctx = toSourceContext(variantFor(def.model, startId));
      this.contexts.set(id, ctx);
    }
    return ctx;
  }
}
