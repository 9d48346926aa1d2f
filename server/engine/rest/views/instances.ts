/** Process instances and element instances as the v2 API shows them. */
import { compact, condition, isoOf, type Params, type SearchSpec } from '../search';

export interface InstanceRow {
  key: string;
  process_definition_key: string;
  bpmn_process_id: string;
  version: number;
  version_tag: string | null;
  process_name: string;
  state: string;
  start_date: Date;
  end_date: Date | null;
  parent_process_instance_key: string | null;
  parent_element_instance_key: string | null;
  tenant_id: string;
  tags: string[];
  has_incident: boolean;
}

const INCIDENT_OF_PI = `EXISTS (SELECT 1 FROM engine_incident i WHERE i.process_instance_key = p.key AND i.state = 'ACTIVE')`;

export const mapInstance = (r: InstanceRow) =>
  compact({
    processDefinitionId: r.bpmn_process_id,
    processDefinitionName: r.process_name,
    processDefinitionVersion: r.version,
    processDefinitionVersionTag: r.version_tag,
    startDate: isoOf(r.start_date),
    endDate: isoOf(r.end_date),
    state: r.state,
    hasIncident: r.has_incident,
    tenantId: r.tenant_id,
    processInstanceKey: r.key,
    processDefinitionKey: r.process_definition_key,
    parentProcessInstanceKey: r.parent_process_instance_key,
    parentElementInstanceKey: r.parent_element_instance_key,
    ...(r.tags.length && { tags: r.tags }),
  });

/** `variables: [{name, value}]`: the instance has a variable with that name and JSON value. */
export function variableFilter(scopeColumn: string) {
  return (value: unknown, p: Params) => {
    const list = value as { name: string; value: unknown }[];
    return (
      list
        .map(
          (v) => `EXISTS (SELECT 1 FROM engine_variable vv WHERE vv.scope_key = ${scopeColumn}
                AND vv.name = ${p.add(v.name)} AND ${condition('vv.value', 'text', v.value, p)})`,
        )
        .join(' AND ') || 'TRUE'
    );
  };
}

export const instanceSearch: SearchSpec<InstanceRow> = {
  from: 'engine_process_instance p',
  select: `p.key, p.process_definition_key, p.bpmn_process_id, p.version, p.version_tag, p.process_name, p.state,
           p.start_date, p.end_date, p.parent_process_instance_key, p.parent_element_instance_key, p.tenant_id, p.tags,
           ${INCIDENT_OF_PI} AS has_incident`,
  columns: {
    processInstanceKey: ['p.key', 'key'],
    processDefinitionKey: ['p.process_definition_key', 'key'],
    processDefinitionId: ['p.bpmn_process_id', 'text'],
    processDefinitionName: ['p.process_name', 'text'],
    processDefinitionVersion: ['p.version', 'int'],
    processDefinitionVersionTag: ['p.version_tag', 'text'],
    parentProcessInstanceKey: ['p.parent_process_instance_key', 'key'],
    parentElementInstanceKey: ['p.parent_element_instance_key', 'key'],
    startDate: ['p.start_date', 'date'],
    endDate: ['p.end_date', 'date'],
    state: ['p.state', 'text'],
    tenantId: ['p.tenant_id', 'text'],
  },
  custom: {
    hasIncident: (value) => `${value ? '' : 'NOT '}${INCIDENT_OF_PI}`,
    variables: variableFilter('p.key'),
    tags: (value, p) => `p.tags @> ${p.add(value, '::text[]')}`,
    elementId: (value, p) =>
      `EXISTS (SELECT 1 FROM engine_element_instance e WHERE e.process_instance_key = p.key AND ${condition('e.element_id', 'text', value, p)})`,
    elementInstanceState: (value, p) =>
      `EXISTS (SELECT 1 FROM engine_element_instance e WHERE e.process_instance_key = p.key AND ${condition('e.state', 'text', value, p)})`,
    hasElementInstanceIncident: (value) => `${value ? '' : 'NOT '}${INCIDENT_OF_PI}`,
    errorMessage: (value, p) =>
      `EXISTS (SELECT 1 FROM engine_incident i WHERE i.process_instance_key = p.key AND i.state = 'ACTIVE'
               AND ${condition('i.error_message', 'text', value, p)})`,
  },
  sortable: {
    processInstanceKey: 'p.key',
    processDefinitionId: 'p.bpmn_process_id',
    processDefinitionName: 'p.process_name',
    processDefinitionVersion: 'p.version',
    processDefinitionVersionTag: 'p.version_tag',
    processDefinitionKey: 'p.process_definition_key',
    parentProcessInstanceKey: 'p.parent_process_instance_key',
    parentElementInstanceKey: 'p.parent_element_instance_key',
    startDate: 'p.start_date',
    endDate: 'p.end_date',
    state: 'p.state',
    hasIncident: 'has_incident',
    tenantId: 'p.tenant_id',
  },
  order: 'p.key',
  map: mapInstance,
};

export interface ElementRow {
  key: string;
  process_instance_key: string;
  process_definition_key: string;
  bpmn_process_id: string;
  element_id: string;
  element_name: string;
  type: string;
  state: string;
  start_date: Date;
  end_date: Date | null;
  tenant_id: string;
  incident_key: string | null;
}

const INCIDENT_OF_EI = `(SELECT i.key FROM engine_incident i WHERE i.element_instance_key = e.key AND i.state = 'ACTIVE' ORDER BY i.key LIMIT 1)`;

export const mapElement = (r: ElementRow) =>
  compact({
    processDefinitionId: r.bpmn_process_id,
    startDate: isoOf(r.start_date),
    endDate: isoOf(r.end_date),
    elementId: r.element_id,
    elementName: r.element_name,
    type: r.type,
    state: r.state,
    hasIncident: r.incident_key !== null,
    tenantId: r.tenant_id,
    elementInstanceKey: r.key,
    processInstanceKey: r.process_instance_key,
    processDefinitionKey: r.process_definition_key,
    incidentKey: r.incident_key,
  });

export const elementSearch: SearchSpec<ElementRow> = {
  from: 'engine_element_instance e',
  select: `e.key, e.process_instance_key, e.process_definition_key, e.bpmn_process_id, e.element_id, e.element_name,
           e.type, e.state, e.start_date, e.end_date, e.tenant_id, ${INCIDENT_OF_EI} AS incident_key`,
  columns: {
    processDefinitionId: ['e.bpmn_process_id', 'text'],
    state: ['e.state', 'text'],
    type: ['e.type', 'text'],
    elementId: ['e.element_id', 'text'],
    elementName: ['e.element_name', 'text'],
    tenantId: ['e.tenant_id', 'text'],
    elementInstanceKey: ['e.key', 'key'],
    processInstanceKey: ['e.process_instance_key', 'key'],
    processDefinitionKey: ['e.process_definition_key', 'key'],
    startDate: ['e.start_date', 'date'],
    endDate: ['e.end_date', 'date'],
    elementInstanceScopeKey: ['e.flow_scope_key', 'key'],
  },
  custom: {
    hasIncident: (value) => `${INCIDENT_OF_EI} IS ${value ? 'NOT ' : ''}NULL`,
    incidentKey: (value, p) => condition(INCIDENT_OF_EI, 'key', value, p),
  },
  sortable: {
    elementInstanceKey: 'e.key',
    processInstanceKey: 'e.process_instance_key',
    processDefinitionKey: 'e.process_definition_key',
    processDefinitionId: 'e.bpmn_process_id',
    startDate: 'e.start_date',
    endDate: 'e.end_date',
    elementId: 'e.element_id',
    elementName: 'e.element_name',
    type: 'e.type',
    state: 'e.state',
    incidentKey: 'incident_key',
    tenantId: 'e.tenant_id',
  },
  order: 'e.key',
  map: mapElement,
};
