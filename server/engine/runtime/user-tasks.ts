/**
 * Camunda user tasks (zeebe:userTask): assignment, unassignment and updates change the task
 * alone; completion continues the process with the given variables.
 */
import { invalidState, notFound } from '../errors';
import type { Queryable } from '../persistence/db';
import type { Runtime } from './runtime';

export interface UserTaskChanges {
  dueDate?: string | null;
  followUpDate?: string | null;
  candidateUsers?: string[] | null;
  candidateGroups?: string[] | null;
  priority?: number | null;
}

interface TaskRow {
  key: string;
  state: string;
  assignee: string | null;
  process_instance_key: string;
  element_instance_key: string;
}

export class UserTaskService {
  constructor(private readonly runtime: Runtime) {}

  private async locked(c: Queryable, key: string, verb: string): Promise<TaskRow> {
    const { rows } = await c.query<TaskRow>(`SELECT * FROM engine_user_task WHERE key = $1 FOR UPDATE`, [
      key,
    ]);
    const task = rows[0];
    if (!task || task.state !== 'CREATED') {
      throw notFound(
        `Command '${verb.toUpperCase()}' rejected with code 'NOT_FOUND': Expected to ${verb} user task with key '${key}', but no such user task was found`,
      );
    }
    return task;
  }

  async assign(key: string, assignee: string, allowOverride: boolean): Promise<void> {
    await this.runtime.db.tx(async (c) => {
      const task = await this.locked(c, key, 'assign');
      if (task.assignee && !allowOverride && task.assignee !== assignee) {
        throw invalidState(
          `Command 'ASSIGN' rejected with code 'INVALID_STATE': Expected to assign user task with key '${key}', but it is already assigned`,
        );
      }
      await c.query(`UPDATE engine_user_task SET assignee = $2 WHERE key = $1`, [key, assignee]);
    });
  }

  async unassign(key: string): Promise<void> {
    await this.runtime.db.tx(async (c) => {
      await this.locked(c, key, 'unassign');
      await c.query(`UPDATE engine_user_task SET assignee = NULL WHERE key = $1`, [key]);
    });
  }

  async update(key: string, changes: UserTaskChanges): Promise<void> {
    await this.runtime.db.tx(async (c) => {
      await this.locked(c, key, 'update');
      const sets: string[] = [];
      const params: unknown[] = [key];
      const set = (column: string, value: unknown) => {
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      };
      if (changes.dueDate != null) set('due_date', changes.dueDate === '' ? null : changes.dueDate);
      if (changes.followUpDate != null)
        set('follow_up_date', changes.followUpDate === '' ? null : changes.followUpDate);
      if (changes.candidateUsers != null) set('candidate_users', changes.candidateUsers);
      if (changes.candidateGroups != null) set('candidate_groups', changes.candidateGroups);
      if (changes.priority != null) set('priority', changes.priority);
      if (sets.length) await c.query(`UPDATE engine_user_task SET ${sets.join(', ')} WHERE key = $1`, params);
    });
  }

  async complete(key: string, variables: Record<string, unknown>): Promise<void> {
    const { rows } = await this.runtime.db.query<TaskRow>(`SELECT * FROM engine_user_task WHERE key = $1`, [
      key,
    ]);
    const task = rows[0];
    if (!task || task.state !== 'CREATED') {
      throw notFound(
        `Command 'COMPLETE' rejected with code 'NOT_FOUND': Expected to complete user task with key '${key}', but no such user task was found`,
      );
    }
    await this.runtime.onInstance(
      task.process_instance_key,
      (inst) => inst.completeTask(task.element_instance_key, variables),
      async (c, batch) => {
        await this.locked(c, key, 'complete');
        batch.userTasksClosed.push({ elementInstanceKey: task.element_instance_key, state: 'COMPLETED' });
      },
    );
  }
}
