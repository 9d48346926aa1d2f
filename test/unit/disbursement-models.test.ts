/**
 * disbursement.bpmn and recheck.bpmn against their contract (workflows/disbursement.md), the
 * engine's subset and the workers: lint-clean under the case models' rules, every element drawn,
 * human steps as zeebe:userTask with jurisdictional groups, due dates some step produces, forms;
 * every job type served by a worker; every name documented; null-safe conditions.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluate } from '@bpmn-io/feelin';
import { DISBURSEMENT_JOBS, RECHECK_JOBS } from '../../server/disbursement/register';
import { APPROVAL_TASK } from '../../server/disbursement/workflow';
import { candidateGroupsOf } from '../../server/domain/decision';
import { WORKFLOWS_DIR } from '../../server/paths';
import { lintFiles, modelXml, parseModel, type Element } from '../helpers/bpmn';

const FILES = ['disbursement.bpmn', 'recheck.bpmn'];
const CONTRACT = readFileSync(path.join(WORKFLOWS_DIR, 'disbursement.md'), 'utf8');
const documented = (name: string) => CONTRACT.includes(`\`${name}\``);
const WORKER_TYPES = new Set([...DISBURSEMENT_JOBS, ...RECHECK_JOBS].map((j) => j.type));
const START_VARIABLES: Record<string, string[]> = {
  disbursement: ['runId', 'districtCode', 'month'],
  recheck: [
    'recheckId',
    'recipientId',
    'caseId',
    'districtCode',
    'streetCode',
    'dueMonth',
    'category',
    'recheckDue',
  ],
};
const ENGINE_TYPES = new Set([
  'bpmn:StartEvent',
  'bpmn:EndEvent',
  'bpmn:ServiceTask',
  'bpmn:UserTask',
  'bpmn:ExclusiveGateway',
  'bpmn:SequenceFlow',
]);

const ext = (e: Element, type: string): Element | undefined =>
  (e.extensionElements?.values ?? []).find((v: Element) => v.$type === type);
const jobType = (e: Element): string | undefined => ext(e, 'zeebe:TaskDefinition')?.type;
const headers = (e: Element): Record<string, string> =>
  Object.fromEntries((ext(e, 'zeebe:TaskHeaders')?.values ?? []).map((h: Element) => [h.key, h.value]));

async function load(file: string) {
  const { root, warnings } = await parseModel(modelXml(file));
  expect(warnings).toEqual([]);
  const process = root.rootElements.find((r: Element) => r.$type === 'bpmn:Process');
  const plane = root.diagrams[0].plane;
  return {
    id: process.id as string,
    elements: process.flowElements as Element[],
    diIds: new Set(plane.planeElement.map((d: Element) => d.bpmnElement?.id)),
  };
}

it('both models lint clean under bpmnlint + camunda-compat for Camunda 8.8', async () => {
  const results = await lintFiles(FILES.map((f) => path.join(WORKFLOWS_DIR, f)));
  expect(results).toEqual({ 'disbursement.bpmn': [], 'recheck.bpmn': [] });
});

describe.each(FILES)('%s', (file) => {
  let m: Awaited<ReturnType<typeof load>>;
  beforeAll(async () => {
    m = await load(file);
  });

  it('uses only what the embedded engine runs: one none start, one daily timer start', () => {
    for (const e of m.elements) expect([e.id, ENGINE_TYPES.has(e.$type)]).toEqual([e.id, true]);
    const starts = m.elements.filter((e) => e.$type === 'bpmn:StartEvent');
    const cycles = starts.map((s) => s.eventDefinitions?.[0]?.timeCycle?.body ?? null);
    expect(cycles.sort()).toEqual(['R/P1D', null]);
  });

  it('draws every element and flow (diagram interchange)', () => {
    expect(m.elements.filter((e) => !m.diIds.has(e.id)).map((e) => e.id)).toEqual([]);
  });

  it('serves every job type with a worker, and names a template on every document step', () => {
    for (const e of m.elements.filter((x) => x.$type === 'bpmn:ServiceTask')) {
      const type = jobType(e)!;
      if (type === 'generate-document') expect(headers(e).template).toMatch(/^[a-z-]+$/);
      else expect([e.id, WORKER_TYPES.has(type)]).toEqual([e.id, true]);
    }
  });

  it('makes every human step a zeebe:userTask in a jurisdiction, with a produced due date and a form', () => {
    const workerOutputs = [...DISBURSEMENT_JOBS, ...RECHECK_JOBS].flatMap((j) => Object.keys(j.output.shape));
    const produced = new Set([...START_VARIABLES[m.id]!, ...workerOutputs]);
    for (const t of m.elements.filter((e) => e.$type === 'bpmn:UserTask')) {
      expect(ext(t, 'zeebe:UserTask')).toBeDefined();
      expect(ext(t, 'zeebe:AssignmentDefinition')?.candidateGroups).toMatch(/^=.*(streetCode|districtCode)/);
      const due = (ext(t, 'zeebe:TaskSchedule')?.dueDate as string).slice(1);
      expect([t.id, produced.has(due)]).toEqual([t.id, true]);
      expect(ext(t, 'zeebe:FormDefinition')?.externalReference).toBe(t.id.replace(/^[a-z]+-/, ''));
    }
  });

  it('documents every job type, template, task, form and condition in workflows/disbursement.md', () => {
    const names = [
      ...m.elements.map(jobType).filter(Boolean),
      ...m.elements.map((e) => headers(e).template).filter(Boolean),
      ...m.elements
        .filter((e) => e.$type === 'bpmn:UserTask')
        .flatMap((t) => [t.id, ext(t, 'zeebe:FormDefinition').externalReference]),
      ...m.elements.filter((e) => e.conditionExpression).map((f) => f.conditionExpression.body.slice(1)),
    ] as string[];
    expect(names.filter((n) => !documented(n))).toEqual([]);
  });

  it('takes the default flow while a condition variable is unset (null-safe FEEL)', () => {
    for (const f of m.elements.filter((e) => e.conditionExpression))
      expect([f.id, evaluate(f.conditionExpression.body.slice(1), {}).value]).toEqual([f.id, false]);
  });

  it('offers each task to the group of a user of the right role in that jurisdiction', () => {
    const roles: Record<string, string> = {
      clerk: 'street_clerk',
      investigator: 'street_investigator',
      reviewer: 'street_reviewer',
      official: 'district_official',
      section_head: 'district_section_head',
      head: 'district_head',
    };
    for (const t of m.elements.filter((e) => e.$type === 'bpmn:UserTask')) {
      const expr = ext(t, 'zeebe:AssignmentDefinition').candidateGroups as string;
      const groups = evaluate(expr.slice(1), { streetCode: '500112001', districtCode: '500112' })
        .value as string[];
      for (const group of groups) {
        const role = roles[group.split(':')[2]!]!;
        const user = {
          role,
          districtCode: '500112',
          streetCode: role.startsWith('street_') ? '500112001' : null,
        };
        expect(candidateGroupsOf(user)).toEqual([group]);
      }
    }
  });
});

it('routes a refused or unfinished proposal to closing, and only 减发/停发/渐退 through the hearing', async () => {
  const m = await load('recheck.bpmn');
  const flow = (from: string, vars: Record<string, unknown>) => {
    const out = m.elements.filter((e) => e.$type === 'bpmn:SequenceFlow' && e.sourceRef.id === from);
    const hit = out.find(
      (f) => f.conditionExpression && evaluate(f.conditionExpression.body.slice(1), vars).value,
    );
    const taken = hit ?? out.find((f) => m.elements.find((g) => g.id === from).default?.id === f.id);
    return taken.targetRef.id as string;
  };
  expect(flow('gw-proposal', { changeKind: 'increase' })).toBe('gw-heard');
  for (const k of ['decrease', 'stop', 'taper'])
    expect(flow('gw-proposal', { changeKind: k })).toBe('recheck-hearing');
  expect(flow('gw-proposal', { changeKind: 'none' })).toBe('gw-unchanged');
  expect(flow('gw-decided', { changeApproved: false })).toBe('gw-close');
  expect(flow('gw-kind', { changeKind: 'taper' })).toBe('doc-stop');
  const d = await load('disbursement.bpmn');
  expect(d.elements.some((e) => e.id === APPROVAL_TASK && e.$type === 'bpmn:UserTask')).toBe(true);
});
