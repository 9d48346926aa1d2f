/**
 * The models against their contract (workflows/README.md) and the engine's subset: every element
 * drawn (DI), every user task a zeebe:userTask with jurisdictional candidate groups, a due date that
 * some step produces and a form; every document step names a template; every job type, task, form,
 * message and template documented; FEEL that the domain agrees with.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluate } from '@bpmn-io/feelin';
import { candidateGroupsOf } from '../../server/domain/decision';
import { DEADLINE_KINDS } from '../../server/domain/deadlines';
import { WORKFLOWS_DIR } from '../../server/paths';
import { modelXml, parseModel, type Element } from '../helpers/bpmn';

const README = readFileSync(path.join(WORKFLOWS_DIR, 'README.md'), 'utf8');
const documented = (name: string) => README.includes(`\`${name}\``);

/** What the engine runs (ARCHITECTURE.md, issue 3); anything else is rejected at deployment. */
const ENGINE_TYPES = new Set([
  'bpmn:StartEvent',
  'bpmn:EndEvent',
  'bpmn:ServiceTask',
  'bpmn:UserTask',
  'bpmn:ScriptTask',
  'bpmn:ReceiveTask',
  'bpmn:SendTask',
  'bpmn:ExclusiveGateway',
  'bpmn:ParallelGateway',
  'bpmn:InclusiveGateway',
  'bpmn:EventBasedGateway',
  'bpmn:IntermediateCatchEvent',
  'bpmn:BoundaryEvent',
  'bpmn:SubProcess',
  'bpmn:CallActivity',
  'bpmn:SequenceFlow',
]);

/** Variables set when an instance starts (README "Start variables"), per process. */
const START_VARIABLES: Record<string, string[]> = {
  dibao: [
    'caseId',
    'caseNo',
    'districtCode',
    'streetCode',
    'appliedOn',
    'staffRelative',
    'communityAssessment',
  ],
  tekun: ['caseId', 'caseNo', 'districtCode', 'streetCode', 'appliedOn', 'staffRelative'],
  linshi: [
    'caseId',
    'caseNo',
    'districtCode',
    'streetCode',
    'appliedOn',
    'assistanceKind',
    'requestedAmount',
  ],
  yishiyiyi: ['caseId', 'caseNo', 'caseType', 'districtCode', 'streetCode', 'requestedAmount', 'bandCeiling'],
};

interface Model {
  id: string;
  elements: Element[];
  diIds: Set<string>;
  messages: Element[];
}

function flatten(container: Element): Element[] {
  return (container.flowElements ?? []).flatMap((e: Element) => [
    e,
    ...(e.$type === 'bpmn:SubProcess' ? flatten(e) : []),
  ]);
}

const ext = (e: Element, type: string): Element | undefined =>
  (e.extensionElements?.values ?? []).find((v: Element) => v.$type === type);
const headers = (e: Element): Record<string, string> =>
  Object.fromEntries((ext(e, 'zeebe:TaskHeaders')?.values ?? []).map((h: Element) => [h.key, h.value]));
const jobType = (e: Element): string | undefined => ext(e, 'zeebe:TaskDefinition')?.type;

async function load(file: string): Promise<Model> {
  const { root, warnings } = await parseModel(modelXml(file));
  expect(warnings).toEqual([]);
  const process = root.rootElements.find((r: Element) => r.$type === 'bpmn:Process');
  const plane = root.diagrams[0].plane;
  return {
    id: process.id,
    elements: flatten(process),
    diIds: new Set(plane.planeElement.map((d: Element) => d.bpmnElement?.id)),
    messages: root.rootElements.filter((r: Element) => r.$type === 'bpmn:Message'),
  };
}

/** Variables a model makes available: start variables, deadline outputs, worker outputs. */
function produced(m: Model): Set<string> {
  const vars = new Set(START_VARIABLES[m.id]);
  for (const e of m.elements.filter((x) => x.$type === 'bpmn:ServiceTask')) {
    const outputs = ext(e, 'zeebe:IoMapping')?.outputParameters ?? [];
    if (outputs.length) outputs.forEach((o: Element) => vars.add(o.target));
    else if (jobType(e) === 'compute-deadlines') {
      headers(e)
        .deadlines!.split(',')
        .forEach((k) => vars.add(`${k}Due`));
    } else if (jobType(e) === 'request-verification') vars.add('verificationStartDue');
  }
  return vars;
}

const FILES = ['dibao.bpmn', 'tekun.bpmn', 'linshi.bpmn', 'yishiyiyi.bpmn'];

describe.each(FILES)('%s against its contract', (file) => {
  let m: Model;
  beforeAll(async () => {
    m = await load(file);
  });

  it('uses only element types the embedded engine runs, and only none/timer/message events', () => {
    for (const e of m.elements) {
      expect({ id: e.id, type: e.$type, ok: ENGINE_TYPES.has(e.$type) }).toEqual({
        id: e.id,
        type: e.$type,
        ok: true,
      });
      const defs = (e.eventDefinitions ?? []).map((d: Element) => d.$type);
      if (e.$type === 'bpmn:StartEvent') expect(defs).toEqual([]);
      for (const d of defs)
        expect([
          'bpmn:TimerEventDefinition',
          'bpmn:MessageEventDefinition',
          'bpmn:ErrorEventDefinition',
        ]).toContain(d);
    }
  });

  it('draws every flow element, boundary event and sequence flow (diagram interchange)', () => {
    const missing = m.elements.filter((e) => !m.diIds.has(e.id)).map((e) => e.id);
    expect(missing).toEqual([]);
  });

  it('makes every human step a zeebe:userTask with a jurisdiction, a due date and a form', () => {
    const tasks = m.elements.filter((e) => e.$type === 'bpmn:UserTask');
    expect(tasks.length).toBeGreaterThan(0);
    for (const t of tasks) {
      expect(ext(t, 'zeebe:UserTask')).toBeDefined();
      const groups = ext(t, 'zeebe:AssignmentDefinition')?.candidateGroups as string;
      expect(groups).toMatch(/^=.*(streetCode|districtCode)/);
      expect(ext(t, 'zeebe:TaskSchedule')?.dueDate).toMatch(/^=[A-Za-z]+Due$/);
      expect(ext(t, 'zeebe:FormDefinition')?.externalReference).toBe(t.id.replace(/^[a-z]+-/, ''));
    }
  });

  it('gives every due date and timer a variable that a start variable or a step of the model produces', () => {
    const vars = produced(m);
    const refs = [
      ...m.elements
        .filter((e) => e.$type === 'bpmn:UserTask')
        .map((t) => ext(t, 'zeebe:TaskSchedule').dueDate),
      ...m.elements
        .flatMap((e) => (e.eventDefinitions ?? []).map((d: Element) => d.timeDate?.body))
        .filter(Boolean),
    ].map((r: string) => r.slice(1));
    expect(refs.filter((r) => !vars.has(r))).toEqual([]);
  });

  it('gives every document step a template header and every deadline step valid kinds and start', () => {
    for (const e of m.elements.filter((x) => x.$type === 'bpmn:ServiceTask')) {
      const h = headers(e);
      if (jobType(e) === 'generate-document') expect(h.template).toMatch(/^[a-z-]+$/);
      if (jobType(e) === 'compute-deadlines') {
        for (const k of h.deadlines!.split(',')) expect(DEADLINE_KINDS).toContain(k);
        expect(['today', 'appliedOn', 'acceptedOn']).toContain(h.from);
      }
    }
  });

  it('documents every job type, template, user task, form, message and condition in workflows/README.md', () => {
    const names = [
      ...m.elements.map(jobType).filter(Boolean),
      ...m.elements.map((e) => headers(e).template).filter(Boolean),
      ...m.elements
        .filter((e) => e.$type === 'bpmn:UserTask')
        .flatMap((t) => [t.id, ext(t, 'zeebe:FormDefinition').externalReference]),
      ...m.messages.map((msg) => msg.name),
      ...m.elements.filter((e) => e.conditionExpression).map((f) => f.conditionExpression.body.slice(1)),
    ] as string[];
    expect(names.filter((n) => !documented(n))).toEqual([]);
  });

  it('correlates every message by the case id', () => {
    for (const msg of m.messages) expect(ext(msg, 'zeebe:Subscription')?.correlationKey).toBe('=caseId');
  });

  it('takes the default flow when a condition variable is not set yet (null-safe FEEL)', () => {
    for (const f of m.elements.filter((e) => e.$type === 'bpmn:SequenceFlow' && e.conditionExpression)) {
      expect({ id: f.id, value: evaluate(f.conditionExpression.body.slice(1), {}).value }).toEqual({
        id: f.id,
        value: false,
      });
    }
  });
});

describe('candidate groups in the models agree with candidateGroupsOf()', () => {
  const ctx = { streetCode: '500112001', districtCode: '500112' };
  const groupsOf = (expr: string, extra = {}) =>
    evaluate(expr.slice(1), { ...ctx, ...extra }).value as string[];

  it.each(FILES)(
    '%s: each task group is the group of a user of the right role in that jurisdiction',
    async (file) => {
      const m = await load(file);
      const roles: Record<string, string> = {
        clerk: 'street_clerk',
        investigator: 'street_investigator',
        reviewer: 'street_reviewer',
        verifier: 'district_verifier',
        official: 'district_official',
        section_head: 'district_section_head',
        head: 'district_head',
        panel: 'district_panel',
      };
      for (const t of m.elements.filter((e) => e.$type === 'bpmn:UserTask')) {
        const expr = ext(t, 'zeebe:AssignmentDefinition').candidateGroups as string;
        for (const level of ['street', 'district']) {
          const [group] = groupsOf(expr, { decisionLevel: level });
          const role = roles[group!.split(':')[2]!]!;
          const user = {
            role,
            districtCode: '500112',
            streetCode: role.startsWith('street_') ? '500112001' : null,
          };
          expect(candidateGroupsOf(user)).toEqual([group]);
        }
      }
    },
  );

  it('sends 审核确认 to the street reviewer only when the decision level is street', async () => {
    const m = await load('dibao.bpmn');
    const decision = m.elements.find((e) => e.id === 'dibao-decision');
    const expr = ext(decision, 'zeebe:AssignmentDefinition').candidateGroups;
    expect(groupsOf(expr, { decisionLevel: 'street' })).toEqual(['street:500112001:reviewer']);
    expect(groupsOf(expr, { decisionLevel: 'district' })).toEqual(['district:500112:official']);
  });
});
