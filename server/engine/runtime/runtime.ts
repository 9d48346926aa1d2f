/**
 * Runs commands on process instances: one at a time per instance, each in one PostgreSQL
 * transaction that also writes the instance's new snapshot, so an acknowledged command survives
 * a crash. Live instances stay in a bounded cache; others are recovered from their snapshot when
 * a command needs them. Work for other instances goes through the outbox (written in the same
 * transaction, processed right after commit and again at start-up).
 */
import { EventEmitter } from 'node:events';
import type pg from 'pg';
import type { EngineClock } from '../clock';
import { invalidState, notFound } from '../errors';
import type { EngineLogger } from '../log';
import type { EngineDb, Queryable } from '../persistence/db';
import type { KeyGenerator } from '../persistence/keys';
import { writeBatch } from '../persistence/write-batch';
import { Batch, type ParentLink } from './batch';
import { LiveInstance, type RuntimeContext } from './instance/live-instance';
import type { InstanceInfo, InstanceState } from './instance/state';
import { terminateState } from './instance/terminate';
import { correlateBuffered } from './buffered-messages';
import type { DeployedProcess, ModelRegistry } from './models';
import { KeyedMutex, LruCache } from './mutex';
import { Outbox } from './outbox';

export interface RuntimeOptions {
  /** Live bpmn-engine instances kept in memory (each ~1 MiB). */
  cacheSize: number;
}

interface InstanceRow {
  key: string;
  process_definition_key: string;
  bpmn_process_id: string;
  version: number;
  version_tag: string | null;
  process_name: string;
  tenant_id: string;
  start_element_id: string;
  parent_process_instance_key: string | null;
  parent_element_instance_key: string | null;
  state: string;
  snapshot: string | null;
}

export class Runtime extends EventEmitter {
  readonly ctx: RuntimeContext;
  private readonly locks = new KeyedMutex();
  private readonly cache: LruCache<string, LiveInstance>;
  /** Counters for benchmarks and diagnostics. */
  readonly stats = { recovered: 0, failedCommands: 0 };
  readonly outbox: Outbox;

  constructor(
    readonly db: EngineDb,
    readonly keys: KeyGenerator,
    readonly clock: EngineClock,
    readonly models: ModelRegistry,
    readonly log: EngineLogger,
    options: RuntimeOptions,
  ) {
    super();
    this.ctx = { clock, keys, models };
    this.cache = new LruCache(options.cacheSize);
    this.outbox = new Outbox(this, log);
  }

  get cachedInstances(): number {
    return this.cache.size;
  }

  /** Creates and starts an instance of `def` at `startElementId`. */
  async startInstance(
    def: DeployedProcess,
    variables: Record<string, unknown>,
    startElementId: string,
    link?: { key: string; parent: ParentLink },
    prepare?: (c: pg.PoolClient, batch: Batch) => Promise<void>,
    presetKey?: string,
  ): Promise<string> {
    const key = link?.key ?? presetKey ?? this.keys.take();
    const info: InstanceInfo = {
      key,
      processDefinitionKey: def.key,
      bpmnProcessId: def.bpmnProcessId,
      version: def.version,
      versionTag: def.versionTag,
      processName: def.name,
      tenantId: def.tenantId,
      startElementId,
      parentProcessInstanceKey: link?.parent.processInstanceKey ?? null,
      parentElementInstanceKey: link?.parent.elementInstanceKey ?? null,
    };
    return this.locks.run(key, async () => {
      const inst = new LiveInstance(this.ctx, def, info);
      await this.commit(inst, new Batch(this.clock.now(), key), async (c, batch, touch) => {
        if (prepare) await prepare(c, batch);
        touch();
        await inst.start(variables, link?.parent);
      });
      return key;
    });
  }

  /**
   * Runs `run` on instance `key`. `prepare` runs first in the same transaction (validation, row
   * locks) and may reject before the instance is touched.
   */
  async onInstance<T>(
    key: string,
    run: (inst: LiveInstance, c: pg.PoolClient, batch: Batch) => T | Promise<T>,
    prepare?: (c: pg.PoolClient, batch: Batch) => Promise<void>,
  ): Promise<T> {
    return this.locks.run(key, async () => {
      let inst = this.cache.get(key);
      let engineState: unknown;
      if (!inst) {
        ({ inst, engineState } = await this.load(this.db.pool, key));
        this.stats.recovered++;
      }
      let result: T;
      await this.commit(inst, new Batch(this.clock.now(), key), async (c, batch, touch) => {
        if (prepare) await prepare(c, batch);
        touch();
        if (engineState) await inst.recover(engineState);
        result = await run(inst, c, batch);
      });
      return result!;
    });
  }

  private async commit(
    inst: LiveInstance,
    batch: Batch,
    work: (c: pg.PoolClient, batch: Batch, touch: () => void) => Promise<void>,
  ): Promise<void> {
    let touched = false;
    try {
      const outboxIds = await this.db.tx(async (c) => {
        await inst.command(batch, async () => {
          await work(c, batch, () => (touched = true));
          await correlateBuffered(this, inst, c);
        });
        if (!inst.ended) batch.snapshot = inst.snapshot();
        return writeBatch(c, batch, this.keys);
      });
      if (inst.ended) this.cache.delete(inst.info.key);
      else this.cache.set(inst.info.key, inst);
      this.committed(batch, outboxIds);
    } catch (err) {
      this.stats.failedCommands++;
      if (touched) this.cache.delete(inst.info.key);
      throw err;
    }
  }

  /** Terminates an instance from its state alone (no bpmn-engine recovery needed). */
  async terminate(key: string, prepare?: (c: pg.PoolClient) => Promise<void>): Promise<void> {
    await this.locks.run(key, async () => {
      this.cache.delete(key);
      const batch = new Batch(this.clock.now(), key);
      const outboxIds = await this.db.tx(async (c) => {
        if (prepare) await prepare(c);
        const row = await this.row(c, key);
        if (!row)
          throw notFound(
            `Expected to cancel a process instance with key '${key}', but no such process was found`,
          );
        if (row.state !== 'ACTIVE' || !row.snapshot) {
          throw notFound(
            `Expected to cancel a process instance with key '${key}', but no such process was found`,
          );
        }
        const { r } = JSON.parse(row.snapshot) as { r: InstanceState };
        terminateState(infoOf(row), r, batch);
        return writeBatch(c, batch, this.keys);
      });
      this.committed(batch, outboxIds);
    });
  }

  async row(c: Queryable, key: string): Promise<InstanceRow | undefined> {
    const { rows } = await c.query<InstanceRow>(
      `SELECT p.key, p.process_definition_key, p.bpmn_process_id, p.version, p.version_tag, p.process_name,
              p.tenant_id, p.start_element_id, p.parent_process_instance_key, p.parent_element_instance_key,
              p.state, s.snapshot
       FROM engine_process_instance p LEFT JOIN engine_instance_state s ON s.process_instance_key = p.key
       WHERE p.key = $1`,
      [key],
    );
    return rows[0];
  }

  private async load(c: Queryable, key: string): Promise<{ inst: LiveInstance; engineState: unknown }> {
    const row = await this.row(c, key);
    if (!row) throw notFound(`Expected to find process instance with key '${key}', but none was found`);
    if (row.state !== 'ACTIVE' || !row.snapshot) {
      throw invalidState(
        `Expected process instance with key '${key}' to be active, but it is ${row.state.toLowerCase()}`,
      );
    }
    const def = this.models.byKey(row.process_definition_key);
    if (!def) throw new Error(`process definition ${row.process_definition_key} is not loaded`);
    const { r, e } = JSON.parse(row.snapshot) as { r: InstanceState; e: unknown };
    return { inst: new LiveInstance(this.ctx, def, infoOf(row), r), engineState: e };
  }

  /** After commit: wake job pollers and the timer scheduler, run the outbox. */
  committed(batch: Batch, outboxIds: number[]): void {
    this.emit('committed', batch);
    if (outboxIds.length) this.outbox.enqueue(outboxIds);
  }

  evict(key: string): void {
    this.cache.delete(key);
  }

  clearCache(): void {
    this.cache.clear();
  }
}

function infoOf(row: InstanceRow): InstanceInfo {
  return {
    key: row.key,
    processDefinitionKey: row.process_definition_key,
    bpmnProcessId: row.bpmn_process_id,
    version: row.version,
    versionTag: row.version_tag,
    processName: row.process_name,
    tenantId: row.tenant_id,
    startElementId: row.start_element_id,
    parentProcessInstanceKey: row.parent_process_instance_key,
    parentElementInstanceKey: row.parent_element_instance_key,
  };
}
