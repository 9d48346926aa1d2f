/** Process definitions as the v2 API shows them. */
import { compact, type Params, type SearchSpec } from '../search';

export interface DefinitionRow {
  key: string;
  bpmn_process_id: string;
  version: number;
  version_tag: string | null;
  name: string | null;
  resource_name: string;
  tenant_id: string;
}

export const mapDefinition = (r: DefinitionRow) =>
  compact({
    name: r.name ?? r.bpmn_process_id,
    resourceName: r.resource_name,
    version: r.version,
    versionTag: r.version_tag,
    processDefinitionId: r.bpmn_process_id,
    tenantId: r.tenant_id,
    processDefinitionKey: r.key,
    hasStartForm: false,
  });

export const definitionSearch: SearchSpec<DefinitionRow> = {
  from: 'engine_process_definition d',
  select: 'd.key, d.bpmn_process_id, d.version, d.version_tag, d.name, d.resource_name, d.tenant_id',
  columns: {
    name: ['d.name', 'text'],
    resourceName: ['d.resource_name', 'text'],
    version: ['d.version', 'int'],
    versionTag: ['d.version_tag', 'text'],
    processDefinitionId: ['d.bpmn_process_id', 'text'],
    tenantId: ['d.tenant_id', 'text'],
    processDefinitionKey: ['d.key', 'key'],
  },
  custom: {
    isLatestVersion: (value: unknown) =>
      `${value ? '' : 'NOT '}(d.version = (SELECT max(v.version) FROM engine_process_definition v
         WHERE v.bpmn_process_id = d.bpmn_process_id AND v.tenant_id = d.tenant_id))`,
    hasStartForm: (value: unknown) => (value ? 'FALSE' : 'TRUE'),
  } satisfies Record<string, (v: unknown, p: Params) => string>,
  sortable: {
    processDefinitionKey: 'd.key',
    name: 'd.name',
    resourceName: 'd.resource_name',
    version: 'd.version',
    versionTag: 'd.version_tag',
    processDefinitionId: 'd.bpmn_process_id',
    tenantId: 'd.tenant_id',
  },
  order: 'd.key',
  map: mapDefinition,
};
