/**
 * The form of each human step, found by the user task's form reference
 * (zeebe:formDefinition externalReference in workflows/*.bpmn, e.g. `accept` for dibao-accept,
 * tekun-accept and linshi-accept alike).
 */
import { DISTRICT_STEPS } from './district-steps';
import type { StepForm } from './fields';
import { STREET_STEPS } from './street-steps';

export type { Field, StepForm } from './fields';
export { validateStep, visibleValues, withSelfFirst } from './fields';

export const STEP_FORMS: Record<string, StepForm> = Object.fromEntries(
  [...STREET_STEPS, ...DISTRICT_STEPS].map((f) => [f.key, f]),
);

/** The form of a task: its form reference, else its element id without the process prefix. */
export function formFor(task: { formKey?: string | null; elementId: string }): StepForm | undefined {
  const key = task.formKey ?? task.elementId.replace(/^(dibao|tekun|linshi|yishiyiyi)-/, '');
  return STEP_FORMS[key];
}

/** Steps for the inbox filter, by title. */
export const STEP_OPTIONS = Object.values(STEP_FORMS).map((f) => ({ value: f.key, label: f.title }));
