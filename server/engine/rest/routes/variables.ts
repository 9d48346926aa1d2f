/**
 * Setting variables on an element instance scope (Camunda's createElementInstanceVariables):
 * how an operator fixes the data behind an incident before resolving it.
 */
import type { Router } from 'express';
import { z } from 'zod';
import type { EngineCore } from '../../core';
import { notFound } from '../../errors';
import { keyParam, variables } from '../schemas';

const body = z.object({
  variables,
  local: z.boolean().optional(),
  operationReference: z.unknown().optional(),
});

export function variableWriteRoutes(
  r: Router,
  core: EngineCore,
  track: <T>(fn: () => Promise<T>) => Promise<T>,
): void {
  r.put('/element-instances/:key/variables', async (req, res) => {
    const key = keyParam(req.params.key, 'elementInstanceKey');
    const { variables: vars, local } = body.parse(req.body);
    const { rows } = await core.db.query<{ pi: string }>(
      `SELECT process_instance_key AS pi FROM engine_element_instance WHERE key = $1 AND state = 'ACTIVE'
       UNION ALL SELECT key FROM engine_process_instance WHERE key = $1 AND state = 'ACTIVE'`,
      [key],
    );
    const pi = rows[0]?.pi;
    if (!pi)
      throw notFound(
        `Expected to update variables for element with key '${key}', but no such element was found`,
      );
    await track(() =>
      core.runtime.onInstance(pi, (inst) => {
        if (!inst.scopes.has(key))
          throw notFound(
            `Expected to update variables for element with key '${key}', but no such element was found`,
          );
        if (local) inst.scopes.setLocals(key, vars);
        else inst.scopes.merge(key, vars);
      }),
    );
    res.status(204).end();
  });
}
