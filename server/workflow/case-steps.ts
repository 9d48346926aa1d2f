/**
 * 当前步骤 of a case from its process instance, read from the engine through the official client:
 * the instance's active element instances (one search) classified into what a person would call
 * the step — the open user tasks, else the waits (公示期, 等待补正材料, a call activity), else the
 * machine step running (a document being issued) — or the instance's end. The case detail shows
 * it directly; the step projector (case-step-projector.ts) writes it to `case.current_step` for lists.
 */
import type { CamundaClient } from '@camunda8/orchestration-cluster-api';

const NOW = { consistency: { waitUpToMs: 0 } };

/** What `case.current_step` reads once the process has ended (the outcome is the case status). */
export const END_STEPS = { COMPLETED: '已办结', TERMINATED: '已终止' } as const;
export const END_STEP_NAMES: readonly string[] = Object.values(END_STEPS);

/**
 * The waits of workflows/README.md "Messages" are unnamed event-based gateways in the models:
 * the case waits there for days (公示 7 days, 57号 §19; 补正 after 一次性告知, 57号 §10).
 */
const WAIT_NAMES: Record<string, string> = {
  'gw-await-supplement': '等待补正材料',
  'gw-notice-wait': '公示期',
};

type Kind = 'task' | 'wait' | 'machine';
const KIND: Partial<Record<string, Kind>> = {
  USER_TASK: 'task',
  CALL_ACTIVITY: 'wait',
  EVENT_BASED_GATEWAY: 'wait',
  INTERMEDIATE_CATCH_EVENT: 'wait',
  RECEIVE_TASK: 'wait',
  SERVICE_TASK: 'machine',
  SCRIPT_TASK: 'machine',
  SEND_TASK: 'machine',
  BUSINESS_RULE_TASK: 'machine',
};

export interface ActiveElement {
  elementId: string;
  elementName?: string;
  type: string;
  startDate: string;
  elementInstanceKey: string;
}

export interface CaseStep {
  name: string;
  kind: Kind;
  /** When the element became active (ISO); orders the steps. */
  since: string;
  key: string;
}

/** Keys are decimal strings of up to 19 digits: longer is larger, else compare as text. */
const byKey = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
const byStart = (a: CaseStep, b: CaseStep) =>
  Date.parse(a.since) - Date.parse(b.since) || byKey(a.key, b.key);

/**
 * The steps among active elements, oldest first: user tasks and waits together (超期督办 may run
 * beside 公示期), or, when there is neither, the machine steps. Containers, gateways that merely
 * pass tokens, and unnamed elements are not steps.
 */
export function stepsOf(active: readonly ActiveElement[]): CaseStep[] {
  const all: CaseStep[] = [];
  for (const e of active) {
    const kind = KIND[e.type];
    // An unnamed element is listed under its id (by Camunda and by the embedded engine alike).
    const own = e.elementName && e.elementName !== e.elementId ? e.elementName.trim() : '';
    const name = WAIT_NAMES[e.elementId] ?? own;
    if (!kind || !name) continue;
    all.push({ name, kind, since: e.startDate, key: e.elementInstanceKey });
  }
  const people = all.filter((s) => s.kind !== 'machine');
  return (people.length ? people : all).sort(byStart);
}

/** The one step a list shows: the one that became active last. */
export function latestStep(steps: readonly CaseStep[]): CaseStep | undefined {
  return steps.at(-1);
}

export type InstanceSteps =
  { state: 'ACTIVE'; steps: CaseStep[] } | { state: 'COMPLETED' | 'TERMINATED'; steps: [] };

/**
 * The current steps of one process instance: one element-instance search; only when nothing is
 * active, one more read to tell an ended instance from one between two elements (or, on Camunda
 * 8.8, one whose newest records the search does not show yet: eventually consistent).
 */
export async function instanceSteps(
  client: CamundaClient,
  processInstanceKey: string,
): Promise<InstanceSteps> {
  const r = await client.searchElementInstances(
    {
      filter: { processInstanceKey: processInstanceKey as never, state: 'ACTIVE' },
      page: { limit: 200 },
    },
    NOW,
  );
  const active = (r.items ?? []).map((e) => ({
    elementId: String(e.elementId),
    elementName: e.elementName,
    type: String(e.type),
    startDate: String(e.startDate),
    elementInstanceKey: String(e.elementInstanceKey),
  }));
  if (active.length) return { state: 'ACTIVE', steps: stepsOf(active) };
  const pi = await client.getProcessInstance({ processInstanceKey: processInstanceKey as never }, NOW);
  return pi.state === 'ACTIVE' ? { state: 'ACTIVE', steps: [] } : { state: pi.state, steps: [] };
}
