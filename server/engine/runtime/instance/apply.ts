/**
 * Shared steps of element completion and incidents: applying a trigger's variables and the
 * output mappings (Zeebe's applyOutputMappings), and raising an incident on an element.
 */
import { ExpressionError } from '../../feel/feel';
import type { ElementInfo } from '../../model/types';
import type { IncidentType } from '../batch';
import { evaluateOutputs } from '../mappings';
import type { LiveInstance } from './live-instance';
import type { ElementRecord, RetryStep } from './state';

/** A call activity whose process is not deployed (incident CALLED_ELEMENT_ERROR). */
export class CalledElementError extends ExpressionError {}

/**
 * With output mappings, the trigger's variables become local to the element and the mappings'
 * result is propagated from the flow scope; without, the variables propagate from the element.
 */
export function applyOutputs(
  inst: LiveInstance,
  rec: ElementRecord,
  info: ElementInfo,
  vars?: Record<string, unknown>,
) {
  if (info.outputs.length) {
    if (vars) inst.scopes.setLocals(rec.k, vars);
    const doc = evaluateOutputs(info.outputs, inst.scopes.visible(rec.k), inst.now);
    inst.scopes.merge(rec.s, doc);
  } else if (vars && Object.keys(vars).length) {
    inst.scopes.merge(rec.k, vars);
  }
}

export function raiseIncident(
  inst: LiveInstance,
  rec: { k: string; e: string },
  errorType: IncidentType,
  errorMessage: string,
  jobKey: string | null = null,
): string {
  const key = inst.ctx.keys.take();
  inst.batch.incidents.push({
    key,
    processInstanceKey: inst.info.key,
    processDefinitionKey: inst.info.processDefinitionKey,
    bpmnProcessId: inst.info.bpmnProcessId,
    tenantId: inst.info.tenantId,
    elementId: rec.e,
    elementInstanceKey: rec.k,
    jobKey,
    errorType,
    errorMessage,
  });
  return key;
}

/** Runs `step`; when it fails on an expression, blocks the execution with an incident instead. */
export function guarded(
  inst: LiveInstance,
  execId: string,
  rec: ElementRecord,
  retry: RetryStep,
  errorType: IncidentType,
  step: () => void,
  vars?: Record<string, unknown>,
): boolean {
  try {
    step();
    return true;
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    const type = err instanceof CalledElementError ? 'CALLED_ELEMENT_ERROR' : errorType;
    const incident = raiseIncident(inst, rec, type, err.message);
    const wait = inst.state.waits[execId] ?? { owner: rec.k };
    inst.state.waits[execId] = { ...wait, incident, step: retry, ...(vars && { vars }) };
    return false;
  }
}
