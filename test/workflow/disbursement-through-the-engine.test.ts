/**
 * workflows/disbursement.bpmn for a district through the embedded engine with the real workers
 * (registerWorkers; the street rosters rendered by Chromium): every recipient is paid once with
 * the right amount, the district approves, the run is marked paid — and starting the same month
 * again changes nothing: the run and its process are reused, and a stray second instance for the
 * same run stops with an incident instead of paying twice (issue 7). Documents go through the real
 * generate-document worker and archive with the recording stand-in for Chromium
 * (support/recording-renderer.ts says why).
 */
import { randomUUID } from 'node:crypto';
import { disbursementWorkflowOf } from '../../server/disbursement/workflow';
import { openRun } from '../../server/disbursement/runs';
import { enrolled, linesOf, STREETS } from '../disbursement/support/world';
import { createWorld, DISTRICT, type World } from './support/world';

let w: World;
const MONTH = '2026-03';
beforeAll(async () => {
  w = await createWorld('wf_disbursement', { renderer: 'recording' });
  await w.t.deploy('workflows/disbursement.bpmn');
}, 120_000);
afterAll(() => w?.close());

const open = () =>
  w.db.$transaction((tx) => openRun(tx, { districtCode: DISTRICT.code, month: MONTH, trigger: 'manual' }));

it('pays each recipient once with the right amount; a second start of the month changes nothing', async () => {
  const households = [
    await enrolled(w.db, { street: STREETS[0]!.code, size: 1, startMonth: MONTH }),
    await enrolled(w.db, { street: STREETS[0]!.code, size: 3, income: 300, startMonth: MONTH }),
    await enrolled(w.db, { street: STREETS[1]!.code, size: 2, startMonth: MONTH }),
    await enrolled(w.db, {
      street: STREETS[1]!.code,
      type: 'tekun',
      size: 1,
      careTier: 'full',
      startMonth: MONTH,
    }),
  ];
  const flow = disbursementWorkflowOf(w.t.client, w.db);
  const { run } = await open();
  const pik = await flow.startRun(run.id);
  await w.task(pik, 'disbursement-run-approval');

  const lines = await linesOf(w.db, run.id);
  expect(lines).toHaveLength(households.length);
  expect(new Set(lines.map((l) => l.householdId)).size).toBe(households.length);
  expect(lines.every((l) => l.kind === 'regular' && l.forMonth === MONTH && l.paidInMonth === MONTH)).toBe(
    true,
  );
  // 低保 补差: (standard − per-capita income) × size; the 2025 urban standard is 770 yuan.
  const amountOf = (h: { householdId: string }) => lines.find((l) => l.householdId === h.householdId)!.amount;
  expect(amountOf(households[0]!)).toBe(770);
  expect(amountOf(households[1]!)).toBe(770 * 3 - 300);
  expect(amountOf(households[2]!)).toBe(1540);
  expect(amountOf(households[3]!)).toBeGreaterThan(770);
  const rosters = await w.db.disbursementRunStreet.findMany({ where: { runId: run.id } });
  expect(rosters.filter((r) => r.recipients > 0).every((r) => r.rosterDocumentId)).toBe(true);

  await flow.completeApproval(run.id, {
    runApproved: true,
    approvalOpinion: '同意发放',
    approvedById: randomUUID(),
  });
  await w.ended(pik);
  const paid = await w.db.disbursementRun.findUniqueOrThrow({ where: { id: run.id } });
  expect(paid.status).toBe('paid');
  const total = lines.reduce((s, l) => s + l.amount, 0);
  expect(Number(paid.amount)).toBe(total);

  // The same month again: the same run, the same process instance, the same lines.
  const again = await open();
  expect([again.created, again.run.id]).toEqual([false, run.id]);
  expect(await flow.startRun(run.id)).toBe(pik);
  // A second instance started for the same run by hand is refused by its first worker.
  const stray = await w.t.client.createProcessInstance({
    processDefinitionId: 'disbursement' as never,
    variables: { runId: run.id, districtCode: DISTRICT.code, month: MONTH },
  });
  const incident = await waitForIncident(String(stray.processInstanceKey));
  expect(incident).toContain('属于另一流程实例');
  expect(await linesOf(w.db, run.id)).toEqual(lines);
  expect(await w.db.paymentLine.count()).toBe(households.length);
  expect(await w.db.auditEvent.count({ where: { action: 'disbursement.run-paid' } })).toBe(1);
}, 600_000);

async function waitForIncident(pik: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const r = await w.t.api.searchIncidents(
      { filter: { processInstanceKey: pik, state: 'ACTIVE' } },
      { consistency: { waitUpToMs: 0 } },
    );
    if (r.items[0]) return r.items[0].errorMessage as string;
    await new Promise((res) => setTimeout(res, 150));
  }
  throw new Error('没有出现事故');
}
