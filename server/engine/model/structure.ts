/** Checks across elements: where conditions, boundary events and event-based gateways may appear. */
import type { Problem } from './element-info';
import type { ElementInfo, FlowInfo } from './types';

const ACTIVITIES = new Set([
  'SERVICE_TASK',
  'SEND_TASK',
  'RECEIVE_TASK',
  'USER_TASK',
  'SCRIPT_TASK',
  'MANUAL_TASK',
  'TASK',
  'SUB_PROCESS',
  'CALL_ACTIVITY',
]);

export function checkStructure(
  elements: Map<string, ElementInfo>,
  flows: Map<string, FlowInfo>,
  problems: Problem[],
) {
  const report = (el: { id: string; bpmnType?: string }, reason: string) =>
    problems.push({ elementId: el.id, type: el.bpmnType ?? 'bpmn:SequenceFlow', reason });
  const processLevelStarts = new Map<string, ElementInfo[]>();

  for (const flow of flows.values()) {
    const source = elements.get(flow.sourceId);
    if (
      flow.condition &&
      source &&
      !['EXCLUSIVE_GATEWAY', 'INCLUSIVE_GATEWAY'].includes(source.elementType)
    ) {
      report(flow, 'conditions are supported on flows leaving exclusive or inclusive gateways only');
    }
  }

  for (const el of elements.values()) {
    const scope = elements.get(el.scopeId);
    switch (el.elementType) {
      case 'EXCLUSIVE_GATEWAY':
      case 'INCLUSIVE_GATEWAY':
        if (el.outgoing.length > 1) {
          for (const id of el.outgoing) {
            if (id !== el.defaultFlow && !flows.get(id)?.condition)
              report(el, `outgoing flow '${id}' needs a condition`);
          }
        }
        break;
      case 'EVENT_BASED_GATEWAY':
        if (el.outgoing.length < 2) report(el, 'an event-based gateway needs at least two outgoing flows');
        for (const id of el.outgoing) {
          const target = elements.get(flows.get(id)?.targetId ?? '');
          if (!target || target.elementType !== 'INTERMEDIATE_CATCH_EVENT') {
            report(el, `flow '${id}' must lead to an intermediate timer or message catch event`);
          } else {
            target.followsEventGateway = el.id;
            if (target.incoming.length > 1)
              report(target, 'an event after an event-based gateway needs one incoming flow');
          }
        }
        break;
      case 'BOUNDARY_EVENT': {
        const host = elements.get(el.attachedTo ?? '');
        if (!host || !ACTIVITIES.has(host.elementType))
          report(el, 'a boundary event must be attached to an activity');
        if (el.timer?.kind === 'timeCycle' && el.cancelActivity)
          report(el, 'an interrupting boundary timer cannot cycle');
        break;
      }
      case 'START_EVENT':
        if (!scope) {
          const list = processLevelStarts.get(el.scopeId) ?? [];
          list.push(el);
          processLevelStarts.set(el.scopeId, list);
          if (el.isErrorEvent) report(el, 'an error start event belongs in an event sub-process');
          if (el.timer && el.timer.kind === 'timeDuration')
            report(el, 'a timer start event needs a timeDate or timeCycle');
        } else if (scope.triggeredByEvent) {
          if (!el.isErrorEvent)
            report(el, 'event sub-processes are supported with an error start event only');
        } else if (el.timer || el.message || el.isErrorEvent) {
          report(el, 'a start event inside a sub-process must be a none start event');
        }
        break;
      case 'INTERMEDIATE_CATCH_EVENT':
        if (el.timer?.kind === 'timeCycle') report(el, 'an intermediate timer catch event cannot cycle');
        break;
      case 'EVENT_SUB_PROCESS':
        if (el.incoming.length || el.outgoing.length)
          report(el, 'an event sub-process has no sequence flows');
        break;
    }
    if (el.message && !el.message.correlationKey && !(el.elementType === 'START_EVENT' && !scope)) {
      report(el, 'a message subscription needs a zeebe:subscription correlationKey');
    }
    if (scope?.triggeredByEvent && el.elementType === 'START_EVENT' && el.isErrorEvent) {
      scope.errorCode = el.errorCode;
      scope.errorRefId = el.errorRefId;
    }
  }

  for (const [processId, starts] of processLevelStarts) {
    if (starts.filter((s) => !s.timer && !s.message).length > 1) {
      problems.push({
        elementId: processId,
        type: 'bpmn:Process',
        reason: 'a process may have one none start event',
      });
    }
  }
}
