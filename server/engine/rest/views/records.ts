/** Incidents, variables and message subscriptions as the v2 API shows them. */
import { compact, isoOf, type SearchSpec } from '../search';

export interface IncidentViewRow {
  key: string;
  process_instance_key: string;
  process_definition_key: string;
  bpmn_process_id: string;
  element_id: string;
  element_instance_key: string;
  job_key: string | null;
  error_type: string;
  error_message: string;
  state: string;
  creation_time: Date;
  tenant_id: string;
}

export const mapIncident = (r: IncidentViewRow) =>
  compact({
    processDefinitionId: r.bpmn_process_id,
    errorType: r.error_type,
    errorMessage: r.error_message,
    elementId: r.element_id,
    creationTime: isoOf(r.creation_time),
    state: r.state,
    tenantId: r.tenant_id,
    incidentKey: r.key,
    processDefinitionKey: r.process_definition_key,
    processInstanceKey: r.process_instance_key,
    elementInstanceKey: r.element_instance_key,
    jobKey: r.job_key,
  });

export const incidentSearch: SearchSpec<IncidentViewRow> = {
  from: 'engine_incident i',
  select: 'i.*',
  columns: {
    processDefinitionId: ['i.bpmn_process_id', 'text'],
    errorType: ['i.error_type', 'text'],
    errorMessage: ['i.error_message', 'text'],
    elementId: ['i.element_id', 'text'],
    creationTime: ['i.creation_time', 'date'],
    state: ['i.state', 'text'],
    tenantId: ['i.tenant_id', 'text'],
    incidentKey: ['i.key', 'key'],
    processDefinitionKey: ['i.process_definition_key', 'key'],
    processInstanceKey: ['i.process_instance_key', 'key'],
    elementInstanceKey: ['i.element_instance_key', 'key'],
    jobKey: ['i.job_key', 'key'],
  },
  sortable: {
    incidentKey: 'i.key',
    processDefinitionKey: 'i.process_definition_key',
    processDefinitionId: 'i.bpmn_process_id',
    processInstanceKey: 'i.process_instance_key',
    errorType: 'i.error_type',
    errorMessage: 'i.error_message',
    elementId: 'i.element_id',
    elementInstanceKey: 'i.element_instance_key',
    creationTime: 'i.creation_time',
    state: 'i.state',
    jobKey: 'i.job_key',
    tenantId: 'i.tenant_id',
  },
  order: 'i.key',
  map: mapIncident,
};

export interface VariableRow {
  key: string;
  name: string;
  value: string;
  scope_key: string;
  process_instance_key: string;
  tenant_id: string;
}

/** Camunda truncates long values in search results. */
export const TRUNCATE_AT = 8191;

export const mapVariable = (r: VariableRow, truncate = true) => {
  const truncated = truncate && r.value.length > TRUNCATE_AT;
  return {
    name: r.name,
    tenantId: r.tenant_id,
    variableKey: r.key,
    scopeKey: r.scope_key,
    processInstanceKey: r.process_instance_key,
    value: truncated ? r.value.slice(0, TRUNCATE_AT) : r.value,
    isTruncated: truncated,
  };
};

export const variableSearch: SearchSpec<VariableRow> = {
  from: 'engine_variable v',
  select: 'v.*',
  columns: {
    name: ['v.name', 'text'],
    value: ['v.value', 'text'],
    tenantId: ['v.tenant_id', 'text'],
    variableKey: ['v.key', 'key'],
    scopeKey: ['v.scope_key', 'key'],
    processInstanceKey: ['v.process_instance_key', 'key'],
  },
  custom: {
    isTruncated: (value) => `(length(v.value) > ${TRUNCATE_AT}) = ${value ? 'TRUE' : 'FALSE'}`,
  },
  sortable: {
    value: 'v.value',
    name: 'v.name',
    tenantId: 'v.tenant_id',
    variableKey: 'v.key',
    scopeKey: 'v.scope_key',
    processInstanceKey: 'v.process_instance_key',
  },
  order: 'v.key',
  map: (r) => mapVariable(r),
};

export interface SubscriptionRow {
  key: string;
  process_instance_key: string;
  process_definition_key: string;
  bpmn_process_id: string;
  element_instance_key: string;
  element_id: string;
  message_name: string;
  correlation_key: string;
  state: string;
  tenant_id: string;
  last_updated: Date;
}

export const subscriptionSearch: SearchSpec<SubscriptionRow> = {
  from: 'engine_message_subscription s',
  select: 's.*',
  columns: {
    messageSubscriptionKey: ['s.key', 'key'],
    processDefinitionId: ['s.bpmn_process_id', 'text'],
    processInstanceKey: ['s.process_instance_key', 'key'],
    elementId: ['s.element_id', 'text'],
    elementInstanceKey: ['s.element_instance_key', 'key'],
    messageSubscriptionState: ['s.state', 'text'],
    lastUpdatedDate: ['s.last_updated', 'date'],
    messageName: ['s.message_name', 'text'],
    correlationKey: ['s.correlation_key', 'text'],
    tenantId: ['s.tenant_id', 'text'],
  },
  sortable: {
    messageSubscriptionKey: 's.key',
    processDefinitionId: 's.bpmn_process_id',
    processInstanceKey: 's.process_instance_key',
    elementId: 's.element_id',
    elementInstanceKey: 's.element_instance_key',
    messageSubscriptionState: 's.state',
    lastUpdatedDate: 's.last_updated',
    messageName: 's.message_name',
    correlationKey: 's.correlation_key',
    tenantId: 's.tenant_id',
  },
  order: 's.key',
  map: (r) =>
    compact({
      messageSubscriptionKey: r.key,
      processDefinitionId: r.bpmn_process_id,
      processDefinitionKey: r.process_definition_key,
      processInstanceKey: r.process_instance_key,
      elementId: r.element_id,
      elementInstanceKey: r.element_instance_key,
      messageSubscriptionState: r.state,
      lastUpdatedDate: isoOf(r.last_updated),
      messageName: r.message_name,
      correlationKey: r.correlation_key,
      tenantId: r.tenant_id,
    }),
};
