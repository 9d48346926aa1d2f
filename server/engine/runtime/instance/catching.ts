/**
 * Where a BPMN error with a given code is caught: a matching error boundary event on the element
 * or an enclosing sub-process, or an error event sub-process in an enclosing scope (an error
 * event without a code catches every error). Checked statically, in this instance and then up
 * the chain of calling instances, as Zeebe does before it decides between catching and an
 * incident.
 */
import type { ElementInfo, ProcessModel } from '../../model/types';
import type { ModelRegistry } from '../models';
import type { Ancestor } from '../batch';

const matches = (catchCode: string | undefined, code: string) =>
  catchCode === undefined || catchCode === code;

export interface Catcher {
  kind: 'boundary' | 'event-sub-process';
  element: ElementInfo;
}

export function findCatcher(model: ProcessModel, elementId: string, code: string): Catcher | undefined {
  let el = model.elements.get(elementId);
  while (el) {
    for (const b of el.boundaryEvents) {
      const boundary = model.elements.get(b);
      if (boundary?.isErrorEvent && matches(boundary.errorCode, code))
        return { kind: 'boundary', element: boundary };
    }
    const scopeId = el.scopeId;
    for (const candidate of model.elements.values()) {
      if (candidate.scopeId === scopeId && candidate.triggeredByEvent && matches(candidate.errorCode, code)) {
        if (candidate.id !== el.id) return { kind: 'event-sub-process', element: candidate };
      }
    }
    el = model.elements.get(scopeId);
  }
  return undefined;
}

export const catchesInModel = (model: ProcessModel, elementId: string, code: string) =>
  findCatcher(model, elementId, code) !== undefined;

/** Index of the first ancestor whose call activity catches `code`, or -1. */
export function catchingAncestor(models: ModelRegistry, ancestors: Ancestor[], code: string): number {
  return ancestors.findIndex((a) => {
    const def = models.byKey(a.processDefinitionKey);
    return !!def && catchesInModel(def.model, a.elementId, code);
  });
}

export const uncaughtMessage = (code: string, message: string) =>
  `Expected to throw an error event with the code '${code}' with message '${message}', but it was not caught. No error events are available in the scope.`;
