/** Messages, message subscriptions, incidents and variables. */
import type { Router } from 'express';
import { DEFAULT_TENANT, type EngineCore } from '../../core';
import { notFound } from '../../errors';
import { correlateMessage, keyParam, publishMessage, searchBody } from '../schemas';
import { search } from '../search';
import {
  incidentSearch,
  mapVariable,
  subscriptionSearch,
  variableSearch,
  type VariableRow,
} from '../views/records';

export function recordRoutes(
  r: Router,
  core: EngineCore,
  track: <T>(fn: () => Promise<T>) => Promise<T>,
): void {
  r.post('/messages/publication', async (req, res) => {
    const body = publishMessage.parse(req.body);
    const tenantId = body.tenantId ?? DEFAULT_TENANT;
    const { messageKey } = await track(() =>
      core.messages.publish({
        name: body.name,
        correlationKey: body.correlationKey ?? '',
        timeToLive: body.timeToLive ?? 0,
        messageId: body.messageId || undefined,
        variables: body.variables ?? {},
        tenantId,
      }),
    );
    res.json({ tenantId, messageKey });
  });

  r.post('/messages/correlation', async (req, res) => {
    const body = correlateMessage.parse(req.body);
    const tenantId = body.tenantId ?? DEFAULT_TENANT;
    const result = await track(() =>
      core.messages.correlate({
        name: body.name,
        correlationKey: body.correlationKey ?? '',
        variables: body.variables ?? {},
        tenantId,
      }),
    );
    res.json({ tenantId, ...result });
  });

  r.post('/message-subscriptions/search', async (req, res) => {
    res.json(await search(core.db.pool, subscriptionSearch, searchBody.parse(req.body)));
  });

  r.post('/incidents/search', async (req, res) => {
    res.json(await search(core.db.pool, incidentSearch, searchBody.parse(req.body)));
  });

  r.get('/incidents/:key', async (req, res) => {
    const key = keyParam(req.params.key, 'incidentKey');
    const found = await search(core.db.pool, incidentSearch, undefined, (p) => [`i.key = ${p.add(key)}`]);
    if (!found.items[0]) throw notFound(`Incident with key '${key}' not found`);
    res.json(found.items[0]);
  });

  r.post('/incidents/:key/resolution', async (req, res) => {
    await track(() => core.incidents.resolve(keyParam(req.params.key, 'incidentKey')));
    res.status(204).end();
  });

  r.post('/variables/search', async (req, res) => {
    const truncate = req.query.truncateValues !== 'false';
    const spec = truncate
      ? variableSearch
      : { ...variableSearch, map: (row: VariableRow) => mapVariable(row, false) };
    res.json(await search(core.db.pool, spec, searchBody.parse(req.body)));
  });

  r.get('/variables/:key', async (req, res) => {
    const key = keyParam(req.params.key, 'variableKey');
    const { rows } = await core.db.query<VariableRow>(`SELECT * FROM engine_variable WHERE key = $1`, [key]);
    if (!rows[0]) throw notFound(`Variable with key '${key}' not found`);
    const { isTruncated: _t, ...variable } = mapVariable(rows[0], false);
    res.json(variable);
  });
}
