/** Deployments (multipart), resources and process definitions. */
import busboy from 'busboy';
import type { Request, Router } from 'express';
import { DEFAULT_TENANT, type EngineCore } from '../../core';
import { invalidArgument, notFound } from '../../errors';
import { deploy, type Resource } from '../../runtime/deploy';
import { keyParam, searchBody } from '../schemas';
import { search } from '../search';
import { definitionSearch, mapDefinition, type DefinitionRow } from '../views/definitions';
import { elementStatistics } from './statistics';

const MAX_RESOURCE_BYTES = 4 * 1024 * 1024;

function readMultipart(req: Request): Promise<{ resources: Resource[]; tenantId?: string }> {
  return new Promise((resolve, reject) => {
    if (!req.is('multipart/form-data'))
      return reject(invalidArgument('Expected a multipart/form-data request with resources'));
    const resources: Resource[] = [];
    let tenantId: string | undefined;
    const bb = busboy({ headers: req.headers, limits: { fileSize: MAX_RESOURCE_BYTES } });
    bb.on('file', (_field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (d: Buffer) => chunks.push(d));
      stream.on('limit', () => reject(invalidArgument(`Resource '${info.filename}' is larger than 4 MiB`)));
      stream.on('end', () =>
        resources.push({
          name: info.filename ?? 'resource.bpmn',
          content: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    bb.on('field', (name, value) => {
      if (name === 'tenantId') tenantId = value;
    });
    bb.on('close', () => resolve({ resources, tenantId }));
    bb.on('error', reject);
    req.pipe(bb);
  });
}

async function definitionRow(core: EngineCore, key: string): Promise<DefinitionRow & { xml: string }> {
  const { rows } = await core.db.query<DefinitionRow & { xml: string }>(
    `SELECT key, bpmn_process_id, version, version_tag, name, resource_name, tenant_id, xml
     FROM engine_process_definition WHERE key = $1`,
    [key],
  );
  if (!rows[0]) throw notFound(`Process definition with key '${key}' not found`);
  return rows[0];
}

export function deploymentRoutes(r: Router, core: EngineCore): void {
  r.post('/deployments', async (req, res) => {
    const { resources, tenantId } = await readMultipart(req);
    const result = await deploy(
      core.db,
      core.keys,
      core.models,
      resources,
      tenantId || DEFAULT_TENANT,
      core.clock.now(),
    );
    res.json({
      deploymentKey: result.deploymentKey,
      tenantId: result.tenantId,
      deployments: result.processes.map((p) => ({
        processDefinition: {
          processDefinitionId: p.bpmnProcessId,
          processDefinitionVersion: p.version,
          resourceName: p.resourceName,
          tenantId: p.tenantId,
          processDefinitionKey: p.key,
        },
      })),
    });
  });

  r.get('/resources/:key', async (req, res) => {
    const def = await definitionRow(core, keyParam(req.params.key, 'resourceKey'));
    res.json({
      resourceName: def.resource_name,
      version: def.version,
      ...(def.version_tag && { versionTag: def.version_tag }),
      resourceId: def.bpmn_process_id,
      tenantId: def.tenant_id,
      resourceKey: def.key,
    });
  });

  r.get('/resources/:key/content', async (req, res) => {
    const def = await definitionRow(core, keyParam(req.params.key, 'resourceKey'));
    res.type('text/xml; charset=utf-8').send(def.xml);
  });

  r.post('/process-definitions/search', async (req, res) => {
    res.json(await search(core.db.pool, definitionSearch, searchBody.parse(req.body)));
  });

  r.get('/process-definitions/:key', async (req, res) => {
    res.json(mapDefinition(await definitionRow(core, keyParam(req.params.key, 'processDefinitionKey'))));
  });

  r.get('/process-definitions/:key/xml', async (req, res) => {
    const def = await definitionRow(core, keyParam(req.params.key, 'processDefinitionKey'));
    res.type('text/xml; charset=utf-8').send(def.xml);
  });

  r.post('/process-definitions/:key/statistics/element-instances', async (req, res) => {
    const key = keyParam(req.params.key, 'processDefinitionKey');
    await definitionRow(core, key);
    const filter = searchBody.parse(req.body ?? {})?.filter;
    res.json({ items: await elementStatistics(core, 'process_definition_key', key, filter) });
  });
}
