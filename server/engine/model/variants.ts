/**
 * Runnable variants of a process: bpmn-elements would start every process-level start event at
 * once, while Zeebe starts exactly one (the none start on create, a timer or message start when
 * it fires). A variant keeps only the chosen start event and translates zeebe:loopCharacteristics
 * into what bpmn-elements' multi-instance reads.
 */
import type { ProcessModel, SerializedContext } from './types';

export function variantFor(model: ProcessModel, startId: string): SerializedContext {
  const dropped = new Set(model.starts.filter((s) => s.id !== startId).map((s) => s.id));
  const serialized = model.serialized;
  return {
    ...serialized,
    activities: serialized.activities.filter((a) => !dropped.has(a.id)).map((a) => withLoop(model, a)),
    sequenceFlows: serialized.sequenceFlows.filter((f) => !dropped.has(f.sourceId)),
  };
}

function withLoop(model: ProcessModel, activity: SerializedContext['activities'][number]) {
  const loop = model.elements.get(activity.id)?.loop;
  const lc = activity.behaviour?.loopCharacteristics as { behaviour?: Record<string, unknown> } | undefined;
  if (!loop || !lc) return activity;
  const collection = loop.inputCollection.startsWith('=') ? loop.inputCollection : `=${loop.inputCollection}`;
  return {
    ...activity,
    behaviour: {
      ...activity.behaviour,
      loopCharacteristics: {
        ...lc,
        behaviour: { ...lc.behaviour, isSequential: loop.isSequential, collection, elementVariable: '@item' },
      },
    },
  };
}
