/**
 * Deployment-time parsing: BPMN XML → one `ProcessModel` per executable process, read with
 * bpmn-moddle + the zeebe moddle schema and serialized once with moddle-context-serializer (the
 * runtime deserializes variants of it for each instance). Anything outside the supported subset
 * is reported as a problem naming the element id and type.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import * as Elements from 'bpmn-elements';
import serializer, { TypeResolver } from 'moddle-context-serializer';
import { readElement, type Problem } from './element-info';
import { ELEMENT_TYPES, IGNORED_FLOW_ELEMENTS } from './element-types';
import { extension, str, type ModdleElement } from './extensions';
import type { ElementInfo, FlowInfo, ProcessModel, SerializedContext, StartInfo } from './types';
import { checkStructure } from './structure';

export interface ParsedResource {
  checksum: string;
  models: ProcessModel[];
  problems: Problem[];
}

const zeebeSchema = createRequire(import.meta.url)('zeebe-bpmn-moddle/resources/zeebe.json');
const moddle = new BpmnModdle({ zeebe: zeebeSchema });
const plainResolver = TypeResolver(Elements as unknown as Record<string, unknown>);

export const checksumOf = (xml: string) => createHash('sha256').update(xml).digest('hex');

export async function parseBpmn(xml: string): Promise<ParsedResource> {
  const checksum = checksumOf(xml);
  let context;
  try {
    context = await moddle.fromXML(xml);
  } catch (err) {
    const problem = {
      elementId: '-',
      type: 'xml',
      reason: `not a valid BPMN 2.0 document: ${(err as Error).message}`,
    };
    return { checksum, models: [], problems: [problem] };
  }
  const problems: Problem[] = context.warnings.map((w) => ({
    elementId: w.element?.id ?? '-',
    type: w.element?.$type ?? 'xml',
    reason: w.message,
  }));
  const definitions = context.rootElement as ModdleElement;
  const processes = ((definitions.rootElements as ModdleElement[] | undefined) ?? []).filter(
    (e) => e.$type === 'bpmn:Process' && e.isExecutable === true,
  );
  if (!processes.length) {
    problems.push({
      elementId: definitions.id ?? '-',
      type: 'bpmn:Definitions',
      reason: 'no executable process found',
    });
  }
  let full: SerializedContext;
  try {
    full = JSON.parse(serializer(context as never, plainResolver).serialize()) as SerializedContext;
  } catch (err) {
    // bpmn-elements has no behaviour for some element; the element walk below names it.
    full = { processes: [], activities: [], sequenceFlows: [] };
    problems.push({
      elementId: '-',
      type: 'bpmn:Definitions',
      reason: `cannot be run: ${(err as Error).message}`,
    });
  }
  const models = processes.map((p) => readProcess(p, full, problems));
  return { checksum, models, problems };
}

function readProcess(process: ModdleElement, full: SerializedContext, problems: Problem[]): ProcessModel {
  const elements = new Map<string, ElementInfo>();
  const flows = new Map<string, FlowInfo>();
  walk(process, process.id!, elements, flows, problems);
  for (const el of elements.values()) {
    if (el.attachedTo) elements.get(el.attachedTo)?.boundaryEvents.push(el.id);
  }
  for (const flow of flows.values()) {
    elements.get(flow.sourceId)?.outgoing.push(flow.id);
    elements.get(flow.targetId)?.incoming.push(flow.id);
  }
  checkStructure(elements, flows, problems);
  const versionTag = str(extension(process, 'zeebe:VersionTag')?.value);
  return {
    bpmnProcessId: process.id!,
    name: str(process.name) ?? process.id!,
    ...(versionTag && { versionTag }),
    elements,
    flows,
    starts: [...elements.values()]
      .filter((e) => e.bpmnType === 'bpmn:StartEvent' && e.scopeId === process.id)
      .map(startInfo),
    serialized: onlyProcess(full, process.id!, elements),
  };
}

function walk(
  container: ModdleElement,
  scopeId: string,
  elements: Map<string, ElementInfo>,
  flows: Map<string, FlowInfo>,
  problems: Problem[],
): void {
  for (const el of (container.flowElements as ModdleElement[] | undefined) ?? []) {
    if (el.$type === 'bpmn:SequenceFlow') {
      const condition = str((el.conditionExpression as { body?: string } | undefined)?.body);
      flows.set(el.id!, {
        id: el.id!,
        sourceId: (el.sourceRef as ModdleElement).id!,
        targetId: (el.targetRef as ModdleElement).id!,
        ...(condition && { condition: condition.trim() }),
      });
      continue;
    }
    if (IGNORED_FLOW_ELEMENTS.has(el.$type)) continue;
    const info = readElement(el, scopeId, problems);
    if (!info) continue;
    elements.set(info.id, info);
    if (el.$type === 'bpmn:SubProcess') walk(el, el.id!, elements, flows, problems);
  }
  for (const artifact of (container.artifacts as ModdleElement[] | undefined) ?? []) {
    if (!IGNORED_FLOW_ELEMENTS.has(artifact.$type) && !ELEMENT_TYPES[artifact.$type]) {
      problems.push({
        elementId: artifact.id ?? '-',
        type: artifact.$type,
        reason: 'artifact is not supported',
      });
    }
  }
}

function startInfo(e: ElementInfo): StartInfo {
  if (e.timer) return { id: e.id, kind: 'timer', timer: e.timer };
  if (e.message) return { id: e.id, kind: 'message', messageName: e.message.name };
  return { id: e.id, kind: 'none' };
}

/** The serialized definitions restricted to one process (a file may hold several). */
function onlyProcess(
  full: SerializedContext,
  processId: string,
  elements: Map<string, ElementInfo>,
): SerializedContext {
  const inProcess = (id: string | undefined) => id === processId || (id !== undefined && elements.has(id));
  return {
    ...full,
    processes: full.processes.filter((p) => p.id === processId),
    activities: full.activities.filter(
      (a) => inProcess(a.parent?.id) || a.parent?.type === 'bpmn:Definitions',
    ),
    sequenceFlows: full.sequenceFlows.filter((f) => inProcess(f.parent?.id)),
    messageFlows: [],
    participants: [],
    associations: [],
    dataObjects: [],
    dataStores: [],
  };
}
