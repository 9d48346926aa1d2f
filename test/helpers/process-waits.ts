/**
 * Waiting on a process instance the way the case-flow tests do: poll a probe until it finds what
 * the step needs, and fail at once — with the incidents' messages — when the instance has an
 * incident instead of waiting out the deadline.
 */
import type { LooseClient } from './engine';

// Read what the engine has now; the probes poll.
const NOW = { consistency: { waitUpToMs: 0 } };

export interface ProcessWaits {
  /** The instance's active incidents as `elementId: message` lines ('' when there are none). */
  incidents(pik: string): Promise<string>;
  /** `probe()`'s first defined value; throws on an incident or after two minutes. */
  until<T>(what: string, pik: string, probe: () => Promise<T | undefined>): Promise<T>;
  /** The open user task of `elementId`. */
  openTask(pik: string, elementId: string): Promise<{ userTaskKey: string }>;
}

export function processWaits(api: LooseClient): ProcessWaits {
  const incidents = async (pik: string) => {
    const r = await api.searchIncidents({ filter: { processInstanceKey: pik, state: 'ACTIVE' } }, NOW);
    return r.items.map((i: any) => `${i.elementId}: ${i.errorMessage}`).join('\n');
  };
  const until = async <T>(what: string, pik: string, probe: () => Promise<T | undefined>): Promise<T> => {
    // Documents render in Chromium on a busy machine: allow two minutes per step.
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const found = await probe();
      if (found !== undefined) return found;
      const problems = await incidents(pik);
      if (problems) throw new Error(`${what}：流程实例 ${pik} 有事故\n${problems}`);
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`${what}：等待超时（流程实例 ${pik}）`);
  };
  const openTask = (pik: string, elementId: string) =>
    until(`等待任务 ${elementId}`, pik, async () => {
      const r = await api.searchUserTasks(
        { filter: { processInstanceKey: pik, elementId, state: 'CREATED' } },
        NOW,
      );
      return r.items[0] as { userTaskKey: string } | undefined;
    });
  return { incidents, until, openTask };
}
