/**
 * Follows bpmn-engine's activity events to keep Zeebe's element instances: an element instance
 * is activated when bpmn-elements enters an activity, completed when it ends, terminated when it
 * leaves without ending (interrupted, cancelled, errored). Boundary events and the events after
 * an event-based gateway only become element instances when they are triggered, as in Zeebe.
 */
import type { EventEmitter } from 'node:events';
import { ExpressionError } from '../../feel/feel';
import { RUNTIME_TASKS } from '../../model/element-types';
import { evaluateInputs } from '../mappings';
import type { ExecContent } from '../behaviours/bpmn';
import { applyOutputs, raiseIncident } from './apply';
import type { LiveInstance } from './live-instance';
import type { ElementRecord } from './state';
import type { ElementInfo } from '../../model/types';

type Api = { content: ExecContent };

export function attachTracker(inst: LiveInstance, listener: EventEmitter): void {
  listener.on('activity.enter', (api: Api) => onEnter(inst, api.content));
  listener.on('activity.end', (api: Api) => onEnd(inst, api.content));
  listener.on('activity.leave', (api: Api) => onLeave(inst, api.content));
}

const triggeredLater = (inst: LiveInstance, id: string) => {
  const info = inst.elementInfo(id);
  return !!info && (info.elementType === 'BOUNDARY_EVENT' || !!info.followsEventGateway);
};

function onEnter(inst: LiveInstance, content: ExecContent): void {
  const info = inst.elementInfo(content.id);
  if (!info || content.type === 'bpmn:Process' || triggeredLater(inst, content.id)) return;
  if (inst.state.els[content.executionId]) return;
  const flowScope = inst.scopeOfParent(content.parent);
  const rec = inst.activate(
    content.executionId,
    info,
    flowScope,
    info.loop ? 'MULTI_INSTANCE_BODY' : undefined,
  );
  if (info.inputs.length && !RUNTIME_TASKS.has(info.bpmnType)) {
    // Sub-processes and events: mappings cannot hold bpmn-elements back, so a failure is an
    // incident on the element while the flow goes on (see the engine's differences from Zeebe).
    try {
      inst.scopes.setLocals(rec.k, evaluateInputs(info.inputs, inst.scopes.visible(rec.k), inst.now));
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      raiseIncident(inst, rec, 'IO_MAPPING_ERROR', err.message);
    }
  }
}

function onEnd(inst: LiveInstance, content: ExecContent): void {
  const info = inst.elementInfo(content.id);
  if (!info || content.type === 'bpmn:Process') return;
  const vars =
    inst.state.triggers[content.executionId] ??
    (info.isErrorEvent ? inst.state.triggers['@error'] : undefined);
  delete inst.state.triggers[content.executionId];
  if (info.isErrorEvent) delete inst.state.triggers['@error'];

  if (triggeredLater(inst, content.id)) {
    const rec = inst.activate(null, info, inst.scopeOfParent(content.parent));
    safeOutputs(inst, rec, info, vars);
    inst.finish(null, rec, 'COMPLETED');
    return;
  }
  const rec = inst.state.els[content.executionId];
  if (!rec) return;
  if (rec.t === 'MULTI_INSTANCE_BODY') {
    const name = info.loop?.outputCollection;
    if (name) inst.scopes.merge(rec.s, { [name]: inst.scopes.local(rec.k)[name] ?? [] });
    delete inst.state.mi[content.executionId];
  } else if (!RUNTIME_TASKS.has(info.bpmnType)) {
    safeOutputs(inst, rec, info, vars);
  }
  inst.finish(content.executionId, rec, 'COMPLETED');
}

function safeOutputs(
  inst: LiveInstance,
  rec: ElementRecord,
  info: ElementInfo,
  vars?: Record<string, unknown>,
) {
  try {
    applyOutputs(inst, rec, info, vars);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    raiseIncident(inst, rec, 'IO_MAPPING_ERROR', err.message);
  }
}

function onLeave(inst: LiveInstance, content: ExecContent): void {
  const rec = inst.state.els[content.executionId];
  if (!rec || content.type === 'bpmn:Process') return;
  inst.closeWait(content.executionId);
  inst.finish(content.executionId, rec, 'TERMINATED');
}
