/**
 * Turns one moddle flow element into an `ElementInfo`, checking it against the subset the
 * embedded engine supports. Problems are collected (element id, type, reason) so a deployment is
 * rejected with the whole list at once.
 */
import { ELEMENT_TYPES, RUNTIME_TASKS } from './element-types';
import { extension, extensionValues, headers, ioMappings, str, type ModdleElement } from './extensions';
import { scheduleOf } from './timer-spec';
import type { ElementInfo, TimerSpec } from './types';

export interface Problem {
  elementId: string;
  type: string;
  reason: string;
}

type Report = (reason: string) => void;

const SUPPORTED_DEFINITIONS: Record<string, string[]> = {
  'bpmn:StartEvent': [
    'none',
    'bpmn:TimerEventDefinition',
    'bpmn:MessageEventDefinition',
    'bpmn:ErrorEventDefinition',
  ],
  'bpmn:EndEvent': ['none', 'bpmn:ErrorEventDefinition', 'bpmn:TerminateEventDefinition'],
  'bpmn:IntermediateCatchEvent': ['bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition'],
  'bpmn:IntermediateThrowEvent': ['none'],
  'bpmn:BoundaryEvent': [
    'bpmn:TimerEventDefinition',
    'bpmn:MessageEventDefinition',
    'bpmn:ErrorEventDefinition',
  ],
};

export function readElement(
  el: ModdleElement,
  scopeId: string,
  problems: Problem[],
): ElementInfo | undefined {
  const id = el.id ?? '(no id)';
  const report: Report = (reason) => problems.push({ elementId: id, type: el.$type, reason });
  const elementType = ELEMENT_TYPES[el.$type];
  if (!elementType) {
    report('element type is not supported by the embedded engine');
    return undefined;
  }
  for (const ext of extensionValues(el)) {
    if (ext.$type === 'zeebe:ExecutionListeners' || ext.$type === 'zeebe:TaskListeners') {
      report(`${ext.$type} is not supported by the embedded engine`);
    }
  }
  const { inputs, outputs } = ioMappings(el);
  const info: ElementInfo = {
    id,
    name: str(el.name) ?? '',
    bpmnType: el.$type,
    elementType,
    scopeId,
    incoming: [],
    outgoing: [],
    inputs,
    outputs,
    boundaryEvents: [],
  };
  for (const m of [...inputs, ...outputs]) {
    if (!m.target) report('an ioMapping has no target');
  }
  readEventDefinition(el, info, report);
  if (RUNTIME_TASKS.has(el.$type)) readTask(el, info, report);
  if (el.$type === 'bpmn:SubProcess' && el.triggeredByEvent) {
    info.elementType = 'EVENT_SUB_PROCESS';
    info.triggeredByEvent = true;
  }
  if (el.$type === 'bpmn:BoundaryEvent') {
    info.attachedTo = (el.attachedToRef as ModdleElement | undefined)?.id;
    info.cancelActivity = el.cancelActivity !== false;
  }
  if (el.$type === 'bpmn:ExclusiveGateway' || el.$type === 'bpmn:InclusiveGateway') {
    info.defaultFlow = (el.default as ModdleElement | undefined)?.id;
  }
  readLoop(el, info, report);
  return info;
}

function readEventDefinition(el: ModdleElement, info: ElementInfo, report: Report): void {
  const allowed = SUPPORTED_DEFINITIONS[el.$type];
  if (!allowed) return;
  const defs = (el.eventDefinitions as ModdleElement[] | undefined) ?? [];
  if (defs.length > 1) return report('multiple event definitions are not supported');
  const def = defs[0];
  const kind = def?.$type ?? 'none';
  if (!allowed.includes(kind))
    return report(`${kind === 'none' ? 'a none event' : kind} is not supported here`);
  if (!def) return;
  switch (kind) {
    case 'bpmn:TimerEventDefinition':
      info.timer = readTimer(def, report);
      break;
    case 'bpmn:MessageEventDefinition': {
      const message = readMessage(def.messageRef as ModdleElement | undefined, report);
      if (message) info.message = message;
      break;
    }
    case 'bpmn:ErrorEventDefinition': {
      info.isErrorEvent = true;
      const error = def.errorRef as ModdleElement | undefined;
      info.errorCode = str(error?.errorCode);
      info.errorRefId = error?.id;
      if (el.$type === 'bpmn:EndEvent' && !info.errorCode)
        report('an error end event needs an error with an errorCode');
      break;
    }
    case 'bpmn:TerminateEventDefinition':
      info.isTerminate = true;
      break;
  }
}

export function readTimer(def: ModdleElement, report: Report): TimerSpec | undefined {
  for (const kind of ['timeDuration', 'timeDate', 'timeCycle'] as const) {
    const body = str((def[kind] as { body?: string } | undefined)?.body);
    if (!body) continue;
    const value = body.trim();
    if (!value.startsWith('=')) {
      try {
        scheduleOf(kind, value, Date.now());
      } catch (err) {
        report((err as Error).message);
      }
    }
    return { kind, value };
  }
  report('a timer needs a timeDuration, timeDate or timeCycle');
  return undefined;
}

function readMessage(message: ModdleElement | undefined, report: Report) {
  const name = str(message?.name);
  if (!message || !name) {
    report('a message event needs a message with a name');
    return undefined;
  }
  const sub = extension(message, 'zeebe:Subscription');
  return { name, correlationKey: str(sub?.correlationKey) ?? '' };
}

function readTask(el: ModdleElement, info: ElementInfo, report: Report): void {
  const taskDefinition = extension(el, 'zeebe:TaskDefinition');
  switch (el.$type) {
    case 'bpmn:ServiceTask':
    case 'bpmn:SendTask':
      if (!str(taskDefinition?.type)) return report('a zeebe:taskDefinition with a type is required');
      break;
    case 'bpmn:ScriptTask': {
      const script = extension(el, 'zeebe:Script');
      if (script) {
        const expression = str(script.expression);
        const resultVariable = str(script.resultVariable);
        if (!expression || !resultVariable)
          return report('zeebe:script needs an expression and a resultVariable');
        info.script = { expression, resultVariable };
        return;
      }
      if (!str(taskDefinition?.type)) return report('a zeebe:script or a zeebe:taskDefinition is required');
      break;
    }
    case 'bpmn:UserTask': {
      if (!extension(el, 'zeebe:UserTask')) {
        return report('only Camunda user tasks (zeebe:userTask) are supported, not job-based user tasks');
      }
      const assignment = extension(el, 'zeebe:AssignmentDefinition');
      const schedule = extension(el, 'zeebe:TaskSchedule');
      const form = extension(el, 'zeebe:FormDefinition');
      info.userTask = {
        assignee: str(assignment?.assignee),
        candidateGroups: str(assignment?.candidateGroups),
        candidateUsers: str(assignment?.candidateUsers),
        dueDate: str(schedule?.dueDate),
        followUpDate: str(schedule?.followUpDate),
        priority: str(extension(el, 'zeebe:PriorityDefinition')?.priority),
        externalFormReference: str(form?.externalReference),
        formKey: str(form?.formKey),
        headers: headers(el),
      };
      return;
    }
    case 'bpmn:ReceiveTask': {
      const message = readMessage(el.messageRef as ModdleElement | undefined, report);
      if (message) info.message = message;
      return;
    }
    case 'bpmn:CallActivity': {
      const called = extension(el, 'zeebe:CalledElement');
      const processId = str(called?.processId);
      if (!processId) return report('zeebe:calledElement with a processId is required');
      const binding = str(called?.bindingType);
      if (binding && binding !== 'latest')
        report(`calledElement bindingType '${binding}' is not supported (only latest)`);
      info.callActivity = {
        processId,
        propagateAllChildVariables: called?.propagateAllChildVariables !== false,
        propagateAllParentVariables: called?.propagateAllParentVariables !== false,
      };
      return;
    }
  }
  info.job = {
    type: String(taskDefinition!.type),
    retries: str(taskDefinition!.retries) ?? '3',
    headers: headers(el),
  };
}

function readLoop(el: ModdleElement, info: ElementInfo, report: Report): void {
  const loop = el.loopCharacteristics as ModdleElement | undefined;
  if (!loop) return;
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics')
    return report('only multi-instance loops are supported');
  if (!RUNTIME_TASKS.has(el.$type))
    return report('multi-instance is supported on tasks and call activities only');
  const zeebe = extension(loop, 'zeebe:LoopCharacteristics');
  const inputCollection = str(zeebe?.inputCollection);
  if (!inputCollection)
    return report('multi-instance needs zeebe:loopCharacteristics with an inputCollection');
  if (loop.completionCondition) report('a multi-instance completionCondition is not supported');
  info.loop = {
    isSequential: loop.isSequential === true,
    inputCollection,
    inputElement: str(zeebe?.inputElement),
    outputCollection: str(zeebe?.outputCollection),
    outputElement: str(zeebe?.outputElement),
  };
}
