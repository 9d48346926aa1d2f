/** Camunda user tasks: search, get, assignment, unassignment, update, completion, variables. */
import type { Router } from 'express';
import type { EngineCore } from '../../core';
import { notFound } from '../../errors';
import { assignUserTask, completeUserTask, keyParam, searchBody, updateUserTask } from '../schemas';
import { search } from '../search';
import { variableSearch } from '../views/records';
import { groupInboxSearch, userTaskSearch } from '../views/work';

export function userTaskRoutes(
  r: Router,
  core: EngineCore,
  track: <T>(fn: () => Promise<T>) => Promise<T>,
): void {
  r.post('/user-tasks/search', async (req, res) => {
    const body = searchBody.parse(req.body);
    res.json(
      (await groupInboxSearch(core.db.pool, body)) ?? (await search(core.db.pool, userTaskSearch, body)),
    );
  });

  r.get('/user-tasks/:key', async (req, res) => {
    const key = keyParam(req.params.key, 'userTaskKey');
    const found = await search(core.db.pool, userTaskSearch, undefined, (p) => [`t.key = ${p.add(key)}`]);
    if (!found.items[0]) throw notFound(`User task with key '${key}' not found`);
    res.json(found.items[0]);
  });

  r.post('/user-tasks/:key/assignment', async (req, res) => {
    const body = assignUserTask.parse(req.body);
    await core.userTasks.assign(
      keyParam(req.params.key, 'userTaskKey'),
      body.assignee,
      body.allowOverride ?? true,
    );
    res.status(204).end();
  });

  r.delete('/user-tasks/:key/assignee', async (req, res) => {
    await core.userTasks.unassign(keyParam(req.params.key, 'userTaskKey'));
    res.status(204).end();
  });

  r.patch('/user-tasks/:key', async (req, res) => {
    const body = updateUserTask.parse(req.body);
    await core.userTasks.update(keyParam(req.params.key, 'userTaskKey'), body?.changeset ?? {});
    res.status(204).end();
  });

  r.post('/user-tasks/:key/completion', async (req, res) => {
    const key = keyParam(req.params.key, 'userTaskKey');
    const body = completeUserTask.parse(req.body);
    await track(() => core.userTasks.complete(key, body?.variables ?? {}));
    res.status(204).end();
  });

  r.post('/user-tasks/:key/variables/search', async (req, res) => {
    const key = keyParam(req.params.key, 'userTaskKey');
    const { rows } = await core.db.query<{ scope_keys: string[] }>(
      `SELECT scope_keys FROM engine_user_task WHERE key = $1`,
      [key],
    );
    if (!rows[0]) throw notFound(`User task with key '${key}' not found`);
    const scopes = rows[0].scope_keys;
    res.json(
      await search(core.db.pool, variableSearch, searchBody.parse(req.body), (p) => [
        `v.scope_key = ANY(${p.add(scopes, '::bigint[]')})`,
      ]),
    );
  });
}
