/**
 * Element statistics (the dashboard heat-map): per element, active / completed / canceled /
 * incidents. For a process definition the request's `filter` (Camunda 8.8
 * ProcessDefinitionStatisticsFilter: the process-instance filter, e.g. `variables` or `state`)
 * selects the instances counted, so a caller can count one jurisdiction's instances only.
 */
import type { EngineCore } from '../../core';
import { Params, conditions } from '../search';
import { instanceSearch } from '../views/instances';

export async function elementStatistics(
  core: EngineCore,
  column: 'process_definition_key' | 'process_instance_key',
  key: string,
  filter?: Record<string, unknown>,
) {
  const p = new Params();
  const where = [`e.${column} = ${p.add(key)}`, `e.type <> 'MULTI_INSTANCE_BODY'`];
  const instance = conditions(instanceSearch, filter, p);
  if (instance.length) {
    where.push(
      `e.process_instance_key IN (SELECT p.key FROM ${instanceSearch.from} WHERE ${instance.join(' AND ')})`,
    );
  }
  const { rows } = await core.db.query<{
    element_id: string;
    active: string;
    completed: string;
    canceled: string;
    incidents: string;
  }>(
    `SELECT e.element_id,
            count(*) FILTER (WHERE e.state = 'ACTIVE')::text AS active,
            count(*) FILTER (WHERE e.state = 'COMPLETED')::text AS completed,
            count(*) FILTER (WHERE e.state = 'TERMINATED')::text AS canceled,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM engine_incident i
                                           WHERE i.element_instance_key = e.key AND i.state = 'ACTIVE'))::text AS incidents
     FROM engine_element_instance e WHERE ${where.join(' AND ')}
     GROUP BY e.element_id ORDER BY e.element_id`,
    p.values,
  );
  return rows.map((r) => ({
    elementId: r.element_id,
    active: Number(r.active),
    canceled: Number(r.canceled),
    incidents: Number(r.incidents),
    completed: Number(r.completed),
  }));
}
