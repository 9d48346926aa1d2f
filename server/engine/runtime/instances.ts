/** Creating and cancelling process instances. */
import { invalidArgument, invalidState, notFound } from '../errors';
import type { Batch } from './batch';
import type { DeployedProcess } from './models';
import type { Runtime } from './runtime';

export interface CreateRequest {
  processDefinitionKey?: string;
  processDefinitionId?: string;
  processDefinitionVersion?: number;
  variables?: Record<string, unknown>;
  tenantId: string;
  awaitCompletion?: boolean;
  requestTimeout?: number;
  fetchVariables?: string[];
  startInstructions?: unknown[];
}

export interface Created {
  def: DeployedProcess;
  processInstanceKey: string;
  variables: Record<string, unknown>;
}

export class InstanceService {
  private readonly completion = new Map<string, (state: string) => void>();

  constructor(private readonly runtime: Runtime) {
    runtime.on('committed', (batch: Batch) => {
      if (batch.processEnd && batch.instanceKey)
        this.completion.get(batch.instanceKey)?.(batch.processEnd.state);
    });
  }

  resolve(req: CreateRequest): DeployedProcess {
    const { models } = this.runtime;
    if (req.processDefinitionKey) {
      const def = models.byKey(req.processDefinitionKey);
      if (!def) {
        throw notFound(
          `Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with key '${req.processDefinitionKey}', but none found`,
        );
      }
      return def;
    }
    const id = req.processDefinitionId ?? '';
    const version = req.processDefinitionVersion ?? -1;
    const def = version < 0 ? models.latest(id, req.tenantId) : models.version(id, version, req.tenantId);
    if (!def) {
      throw notFound(
        `Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID '${id}', but none found`,
      );
    }
    return def;
  }

  async create(req: CreateRequest): Promise<Created> {
    const def = this.resolve(req);
    if (req.startInstructions?.length) {
      throw invalidArgument(
        'Start instructions are not supported by the embedded engine; instances start at the none start event',
      );
    }
    const start = def.model.starts.find((s) => s.kind === 'none');
    if (!start) {
      throw invalidArgument(
        `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to create instance of process with none start event, but there is no such event`,
      );
    }
    let ended: Promise<string> | undefined;
    const key = this.runtime.keys.take();
    if (req.awaitCompletion) {
      ended = new Promise((resolve) => this.completion.set(key, resolve));
    }
    try {
      await this.runtime.startInstance(def, req.variables ?? {}, start.id, undefined, undefined, key);
      if (!ended) return { def, processInstanceKey: key, variables: {} };
      const timeout = req.requestTimeout && req.requestTimeout > 0 ? req.requestTimeout : 15_000;
      const state = await Promise.race([
        ended,
        new Promise<string>((r) => setTimeout(() => r('TIMEOUT'), timeout).unref()),
      ]);
      if (state === 'TIMEOUT') {
        throw invalidState(
          `Expected process instance '${key}' to complete within ${timeout} ms, but it did not`,
        );
      }
      return { def, processInstanceKey: key, variables: await this.rootVariables(key, req.fetchVariables) };
    } finally {
      this.completion.delete(key);
    }
  }

  private async rootVariables(key: string, names?: string[]): Promise<Record<string, unknown>> {
    const { rows } = await this.runtime.db.query<{ name: string; value: string }>(
      `SELECT name, value FROM engine_variable WHERE scope_key = $1 AND ($2::text[] IS NULL OR name = ANY($2::text[]))`,
      [key, names?.length ? names : null],
    );
    return Object.fromEntries(rows.map((r) => [r.name, JSON.parse(r.value)]));
  }

  async cancel(key: string): Promise<void> {
    await this.runtime.terminate(key, async (c) => {
      const { rows } = await c.query<{ parent_process_instance_key: string | null; state: string }>(
        `SELECT parent_process_instance_key, state FROM engine_process_instance WHERE key = $1 FOR UPDATE`,
        [key],
      );
      const row = rows[0];
      if (row?.parent_process_instance_key && row.state === 'ACTIVE') {
        throw invalidState(
          `Command 'CANCEL' rejected with code 'INVALID_STATE': Expected to cancel a process instance with key '${key}', but it is created by a parent process instance. Cancel the root process instance '${row.parent_process_instance_key}' instead.`,
        );
      }
    });
  }
}
