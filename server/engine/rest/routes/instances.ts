/** Process instances and element instances. */
import type { Router } from 'express';
import { DEFAULT_TENANT, type EngineCore } from '../../core';
import { notFound } from '../../errors';
import { createInstance, keyParam, searchBody } from '../schemas';
import { search, type Params } from '../search';
import { elementSearch, instanceSearch } from '../views/instances';
import { incidentSearch } from '../views/records';
import { elementStatistics } from './statistics';

export function instanceRoutes(
  r: Router,
  core: EngineCore,
  track: <T>(fn: () => Promise<T>) => Promise<T>,
): void {
  r.post('/process-instances', async (req, res) => {
    const body = createInstance.parse(req.body);
    const created = await track(() =>
      core.instances.create({
        ...body,
        tenantId: body.tenantId ?? DEFAULT_TENANT,
        requestTimeout: body.requestTimeout,
      }),
    );
    res.json({
      processDefinitionId: created.def.bpmnProcessId,
      processDefinitionVersion: created.def.version,
      tenantId: created.def.tenantId,
      variables: created.variables,
      processDefinitionKey: created.def.key,
      processInstanceKey: created.processInstanceKey,
    });
  });

  r.post('/process-instances/search', async (req, res) => {
    res.json(await search(core.db.pool, instanceSearch, searchBody.parse(req.body)));
  });

  r.get('/process-instances/:key', async (req, res) => {
    const key = keyParam(req.params.key, 'processInstanceKey');
    const found = await search(core.db.pool, instanceSearch, undefined, (p: Params) => [
      `p.key = ${p.add(key)}`,
    ]);
    if (!found.items[0]) throw notFound(`Process instance with key '${key}' not found`);
    res.json(found.items[0]);
  });

  r.post('/process-instances/:key/cancellation', async (req, res) => {
    const key = keyParam(req.params.key, 'processInstanceKey');
    await track(() => core.instances.cancel(key));
    res.status(204).end();
  });

  r.post('/process-instances/:key/incidents/search', async (req, res) => {
    const key = keyParam(req.params.key, 'processInstanceKey');
    res.json(
      await search(core.db.pool, incidentSearch, searchBody.parse(req.body), (p) => [
        `i.process_instance_key = ${p.add(key)}`,
      ]),
    );
  });

  r.get('/process-instances/:key/statistics/element-instances', async (req, res) => {
    res.json({
      items: await elementStatistics(
        core,
        'process_instance_key',
        keyParam(req.params.key, 'processInstanceKey'),
      ),
    });
  });

  r.post('/element-instances/search', async (req, res) => {
    res.json(await search(core.db.pool, elementSearch, searchBody.parse(req.body)));
  });

  r.get('/element-instances/:key', async (req, res) => {
    const key = keyParam(req.params.key, 'elementInstanceKey');
    const found = await search(core.db.pool, elementSearch, undefined, (p) => [`e.key = ${p.add(key)}`]);
    if (!found.items[0]) throw notFound(`Element instance with key '${key}' not found`);
    res.json(found.items[0]);
  });
}
