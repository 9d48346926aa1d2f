/** Element statistics (the dashboard heat-map): per element, active / completed / canceled / incidents. */
import type { EngineCore } from '../../core';

export async function elementStatistics(
  core: EngineCore,
  column: 'process_definition_key' | 'process_instance_key',
  key: string,
) {
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
     FROM engine_element_instance e WHERE e.${column} = $1 AND e.type <> 'MULTI_INSTANCE_BODY'
     GROUP BY e.element_id ORDER BY e.element_id`,
    [key],
  );
  return rows.map((r) => ({
    elementId: r.element_id,
    active: Number(r.active),
    canceled: Number(r.canceled),
    incidents: Number(r.incidents),
    completed: Number(r.completed),
  }));
}
