/**
 * A small builder for the Camunda 8.8 models in workflows/: each model is written as code with an
 * explicit grid position per element (columns left to right, rows top to bottom), and the builder
 * emits BPMN 2.0 XML with zeebe extensions and full diagram interchange (shapes, orthogonal edges,
 * label bounds) so bpmn-js draws the models as laid out. `npm run models` regenerates the files;
 * a unit test fails when a committed model differs from what its definition builds.
 */
import { layout, type Bounds, type Point } from './layout';

export type NodeKind =
  | 'start'
  | 'end'
  | 'service'
  | 'user'
  | 'script'
  | 'call'
  | 'xor'
  | 'and'
  | 'event'
  | 'timerCatch'
  | 'messageCatch'
  | 'sub';

export type Side = 'left' | 'right' | 'top' | 'bottom';

export interface IoMapping {
  inputs?: [source: string, target: string][];
  outputs?: [source: string, target: string][];
}

export interface NodeSpec {
  id: string;
  kind: NodeKind;
  name: string;
  col: number;
  row: number;
  /** Enclosing embedded subprocess. */
  parent?: string;
  /** service: job type; headers; retries. */
  type?: string;
  headers?: Record<string, string>;
  /** user: FEEL candidateGroups and dueDate. */
  groups?: string;
  due?: string;
  /** user: the form the UI shows (zeebe:formDefinition externalReference). */
  form?: string;
  /** script: FEEL expression and result variable. */
  script?: { expression: string; result: string };
  /** call: called process id. */
  called?: string;
  /** timer: FEEL timeDate; message: message name (correlation key in the message definition). */
  timeDate?: string;
  /** start: a timer start event repeating on this ISO 8601 cycle (e.g. `R/2026-01-05T09:00:00+08:00/P1M`). */
  timeCycle?: string;
  message?: string;
  io?: IoMapping;
  /** Documentation shown in the modeler's properties panel. */
  doc?: string;
}

export interface BoundarySpec {
  id: string;
  name: string;
  host: string;
  /** Grid column of its centre on the host's bottom (or top) edge. */
  col: number;
  side?: 'top' | 'bottom';
  interrupting: boolean;
  timeDate?: string;
  message?: string;
}

export interface FlowSpec {
  id: string;
  from: string;
  to: string;
  name?: string;
  condition?: string;
  isDefault?: boolean;
  exit?: Side;
  enter?: Side;
  /** Grid row of the middle horizontal segment (back edges, detours). */
  lane?: number;
  /** Grid column of the middle vertical segment. */
  laneCol?: number;
}

export interface MessageSpec {
  name: string;
  correlationKey: string;
}

export class Model {
  readonly nodes: NodeSpec[] = [];
  readonly boundaries: BoundarySpec[] = [];
  readonly flows: FlowSpec[] = [];
  readonly messages = new Map<string, MessageSpec>();
  private flowCount = 0;

  constructor(
    readonly id: string,
    readonly name: string,
    readonly doc: string,
  ) {}

  add(spec: NodeSpec): this {
    if (this.has(spec.id)) throw new Error(`duplicate id ${spec.id}`);
    this.nodes.push(spec);
    return this;
  }

  boundary(spec: BoundarySpec): this {
    if (this.has(spec.id)) throw new Error(`duplicate id ${spec.id}`);
    this.boundaries.push(spec);
    return this;
  }

  /** Declares a message once per model: name and FEEL correlation key. */
  message(name: string, correlationKey = '=caseId'): this {
    this.messages.set(name, { name, correlationKey });
    return this;
  }

  flow(from: string, to: string, opts: Omit<FlowSpec, 'id' | 'from' | 'to'> & { id?: string } = {}): this {
    const id = opts.id ?? `flow_${++this.flowCount}`;
    this.flows.push({ id, from, to, ...opts });
    return this;
  }

  /** from → a → b → … along one path. */
  chain(...ids: string[]): this {
    for (let i = 1; i < ids.length; i++) this.flow(ids[i - 1]!, ids[i]!);
    return this;
  }

  has(id: string): boolean {
    return this.nodes.some((n) => n.id === id) || this.boundaries.some((b) => b.id === id);
  }
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const messageId = (name: string) => `Message_${name.replace(/[^A-Za-z0-9]/g, '_')}`;

const TAGS: Record<NodeKind, string> = {
  start: 'startEvent',
  end: 'endEvent',
  service: 'serviceTask',
  user: 'userTask',
  script: 'scriptTask',
  call: 'callActivity',
  xor: 'exclusiveGateway',
  and: 'parallelGateway',
  event: 'eventBasedGateway',
  timerCatch: 'intermediateCatchEvent',
  messageCatch: 'intermediateCatchEvent',
  sub: 'subProcess',
};

function ioXml(io: IoMapping | undefined, pad: string): string[] {
  if (!io) return [];
  return [
    `${pad}<zeebe:ioMapping>`,
    ...(io.inputs ?? []).map(([s, t]) => `${pad}  <zeebe:input source="${esc(s)}" target="${t}" />`),
    ...(io.outputs ?? []).map(([s, t]) => `${pad}  <zeebe:output source="${esc(s)}" target="${t}" />`),
    `${pad}</zeebe:ioMapping>`,
  ];
}

function extensionXml(n: NodeSpec, pad: string): string[] {
  const ext: string[] = [];
  const p = `${pad}    `;
  if (n.kind === 'service') {
    ext.push(`${p}<zeebe:taskDefinition type="${esc(n.type!)}" retries="3" />`);
    const headers = Object.entries(n.headers ?? {});
    if (headers.length) {
      ext.push(`${p}<zeebe:taskHeaders>`);
      for (const [k, v] of headers) ext.push(`${p}  <zeebe:header key="${esc(k)}" value="${esc(v)}" />`);
      ext.push(`${p}</zeebe:taskHeaders>`);
    }
  }
  if (n.kind === 'user') {
    ext.push(`${p}<zeebe:userTask />`);
    ext.push(`${p}<zeebe:formDefinition externalReference="${esc(n.form!)}" />`);
    ext.push(`${p}<zeebe:assignmentDefinition candidateGroups="${esc(n.groups!)}" />`);
    ext.push(`${p}<zeebe:taskSchedule dueDate="${esc(n.due!)}" />`);
  }
  if (n.kind === 'script') {
    ext.push(
      `${p}<zeebe:script expression="${esc(n.script!.expression)}" resultVariable="${n.script!.result}" />`,
    );
  }
  if (n.kind === 'call') {
    ext.push(`${p}<zeebe:calledElement processId="${esc(n.called!)}" propagateAllChildVariables="false" />`);
  }
  ext.push(...ioXml(n.io, p));
  return ext.length ? [`${pad}  <bpmn:extensionElements>`, ...ext, `${pad}  </bpmn:extensionElements>`] : [];
}

function eventDefinitionXml(
  timeDate: string | undefined,
  message: string | undefined,
  pad: string,
  timeCycle?: string,
): string[] {
  if (timeCycle) {
    return [
      `${pad}<bpmn:timerEventDefinition>`,
      `${pad}  <bpmn:timeCycle xsi:type="bpmn:tFormalExpression">${esc(timeCycle)}</bpmn:timeCycle>`,
      `${pad}</bpmn:timerEventDefinition>`,
    ];
  }
  if (timeDate) {
    return [
      `${pad}<bpmn:timerEventDefinition>`,
      `${pad}  <bpmn:timeDate xsi:type="bpmn:tFormalExpression">${esc(timeDate)}</bpmn:timeDate>`,
      `${pad}</bpmn:timerEventDefinition>`,
    ];
  }
  if (message) return [`${pad}<bpmn:messageEventDefinition messageRef="${messageId(message)}" />`];
  return [];
}

function flowRefs(m: Model, id: string, pad: string): string[] {
  return [
    ...m.flows.filter((f) => f.to === id).map((f) => `${pad}<bpmn:incoming>${f.id}</bpmn:incoming>`),
    ...m.flows.filter((f) => f.from === id).map((f) => `${pad}<bpmn:outgoing>${f.id}</bpmn:outgoing>`),
  ];
}

function nodeXml(m: Model, n: NodeSpec, pad: string): string[] {
  const tag = TAGS[n.kind];
  const def = m.flows.find((f) => f.from === n.id && f.isDefault);
  const attrs = [`id="${n.id}"`, `name="${esc(n.name)}"`, ...(def ? [`default="${def.id}"`] : [])];
  const lines = [`${pad}<bpmn:${tag} ${attrs.join(' ')}>`];
  if (n.doc) lines.push(`${pad}  <bpmn:documentation>${esc(n.doc)}</bpmn:documentation>`);
  lines.push(...extensionXml(n, pad));
  lines.push(...flowRefs(m, n.id, `${pad}  `));
  if (n.kind === 'sub') lines.push(...containerXml(m, n.id, `${pad}  `));
  lines.push(...eventDefinitionXml(n.timeDate, n.message, `${pad}  `, n.timeCycle));
  lines.push(`${pad}</bpmn:${tag}>`);
  return lines;
}

function containerXml(m: Model, parent: string | undefined, pad: string): string[] {
  const inside = (id: string) => {
    const n = m.nodes.find((x) => x.id === id);
    const b = m.boundaries.find((x) => x.id === id);
    const host = b ? m.nodes.find((x) => x.id === b.host) : undefined;
    return (n ?? host)?.parent === parent;
  };
  const lines: string[] = [];
  for (const n of m.nodes.filter((x) => x.parent === parent)) lines.push(...nodeXml(m, n, pad));
  for (const b of m.boundaries.filter((x) => inside(x.id))) {
    lines.push(
      `${pad}<bpmn:boundaryEvent id="${b.id}" name="${esc(b.name)}" cancelActivity="${b.interrupting}" attachedToRef="${b.host}">`,
      ...flowRefs(m, b.id, `${pad}  `),
      ...eventDefinitionXml(b.timeDate, b.message, `${pad}  `),
      `${pad}</bpmn:boundaryEvent>`,
    );
  }
  for (const f of m.flows.filter((x) => inside(x.from))) {
    const attrs = `id="${f.id}"${f.name ? ` name="${esc(f.name)}"` : ''} sourceRef="${f.from}" targetRef="${f.to}"`;
    if (f.condition) {
      lines.push(
        `${pad}<bpmn:sequenceFlow ${attrs}>`,
        `${pad}  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(f.condition)}</bpmn:conditionExpression>`,
        `${pad}</bpmn:sequenceFlow>`,
      );
    } else lines.push(`${pad}<bpmn:sequenceFlow ${attrs} />`);
  }
  return lines;
}

const round = (n: number) => Math.round(n);
const boundsXml = (b: Bounds) =>
  `<dc:Bounds x="${round(b.x)}" y="${round(b.y)}" width="${round(b.width)}" height="${round(b.height)}" />`;
const labelXml = (b: Bounds | undefined, pad: string) =>
  b ? [`${pad}  <bpmndi:BPMNLabel>`, `${pad}    ${boundsXml(b)}`, `${pad}  </bpmndi:BPMNLabel>`] : [];

export function toXml(m: Model): string {
  const d = layout(m);
  const pad = '      ';
  const di: string[] = [];
  for (const s of d.shapes) {
    const expanded = s.kind === 'sub' ? ' isExpanded="true"' : '';
    const marker = s.kind === 'xor' ? ' isMarkerVisible="true"' : '';
    di.push(`${pad}<bpmndi:BPMNShape id="${s.id}_di" bpmnElement="${s.id}"${expanded}${marker}>`);
    di.push(`${pad}  ${boundsXml(s.bounds)}`, ...labelXml(s.label, pad), `${pad}</bpmndi:BPMNShape>`);
  }
  for (const e of d.edges) {
    di.push(`${pad}<bpmndi:BPMNEdge id="${e.id}_di" bpmnElement="${e.id}">`);
    di.push(...e.waypoints.map((p: Point) => `${pad}  <di:waypoint x="${round(p.x)}" y="${round(p.y)}" />`));
    di.push(...labelXml(e.label, pad), `${pad}</bpmndi:BPMNEdge>`);
  }
  const messages = [...m.messages.values()].flatMap((msg) => [
    `  <bpmn:message id="${messageId(msg.name)}" name="${esc(msg.name)}">`,
    '    <bpmn:extensionElements>',
    `      <zeebe:subscription correlationKey="${esc(msg.correlationKey)}" />`,
    '    </bpmn:extensionElements>',
    '  </bpmn:message>',
  ]);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- Generated by `npm run models` from scripts/models/' + m.id + '.ts: edit the definition there. -->',
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_' +
      m.id +
      '" targetNamespace="http://bpmn.io/schema/bpmn" exporter="jiuzhu scripts/models" exporterVersion="1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">',
    `  <bpmn:process id="${m.id}" name="${esc(m.name)}" isExecutable="true">`,
    `    <bpmn:documentation>${esc(m.doc)}</bpmn:documentation>`,
    ...containerXml(m, undefined, '    '),
    '  </bpmn:process>',
    ...messages,
    `  <bpmndi:BPMNDiagram id="Diagram_${m.id}">`,
    `    <bpmndi:BPMNPlane id="Plane_${m.id}" bpmnElement="${m.id}">`,
    ...di,
    '    </bpmndi:BPMNPlane>',
    '  </bpmndi:BPMNDiagram>',
    '</bpmn:definitions>',
    '',
  ].join('\n');
}
