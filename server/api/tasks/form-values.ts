/**
 * What a step's form starts from: the values it was given before (a step done again after a
 * 复查 loop) and the figures earlier steps or workers produced (the computed amount, the amount
 * the street proposed, the need the 一事一议 panel decides on). Only figures and earlier form
 * values of this case; no personal data beyond what the case file shows the same user.
 */
import type { EngineTask } from './engine';
import type { TaskCase } from './inbox';

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function stepRecord(c: TaskCase, elementId: string): Record<string, unknown> {
  const steps = c.data.steps as Record<string, Record<string, unknown>> | undefined;
  const r = steps?.[elementId];
  if (!r) return {};
  const { completedBy: _by, completedAt: _at, ...values } = r;
  return values;
}

/** The amount the street proposed in 初审 / 街道审核, if any. */
function proposed(c: TaskCase, process: string): number | undefined {
  return (
    num(stepRecord(c, `${process}-initial-review`).proposedAmount) ??
    num(stepRecord(c, `${process}-street-review`).proposedAmount)
  );
}

export function formValuesOf(
  formKey: string,
  task: EngineTask,
  vars: Record<string, unknown>,
  c: TaskCase,
  /** The checklist's missing materials (受理审查 starts from them, 57号 §10). */
  missing: string[] = [],
): Record<string, unknown> {
  const earlier = stepRecord(c, task.elementId);
  const amount = num(vars.amount);
  const extra: Record<string, unknown> = {};
  switch (formKey) {
    case 'accept':
      extra.materialsComplete = missing.length === 0;
      extra.missingMaterials = missing;
      break;
    case 'initial-review':
    case 'street-review':
      if (amount !== undefined) extra.proposedAmount = amount;
      break;
    case 'decision': {
      const a = num(vars.panelAmount) ?? proposed(c, task.bpmnProcessId) ?? amount;
      if (a !== undefined) extra.amount = a;
      break;
    }
    case 'urgent-approval':
      if (amount !== undefined) extra.amount = amount;
      break;
    case 'meeting': {
      const need = num(vars.requestedAmount);
      if (need !== undefined) extra.decidedAmount = need;
      break;
    }
  }
  // The checklist is the truth for 受理审查 (materials may have come in since the last round).
  return formKey === 'accept' ? { ...earlier, ...extra } : { ...extra, ...earlier };
}
