/** Maps BPMN types to behaviours: bpmn-elements' own, or the engine's where the runtime drives them. */
import * as Elements from 'bpmn-elements';
import { deserialize, TypeResolver } from 'moddle-context-serializer';
import type { SerializedContext } from '../../model/types';
import { ErrorEventDefinition, MessageEventDefinition, TimerEventDefinition } from './events';
import { ConditionalGateway } from './gateway';
import { RuntimeTask } from './runtime-task';
import { StartEvent } from './start-event';

const behaviours: Record<string, unknown> = {
  ...(Elements as unknown as Record<string, unknown>),
  ServiceTask: RuntimeTask,
  SendTask: RuntimeTask,
  UserTask: RuntimeTask,
  ReceiveTask: RuntimeTask,
  ScriptTask: RuntimeTask,
  CallActivity: RuntimeTask,
  ManualTask: Elements.Task,
  ExclusiveGateway: ConditionalGateway,
  InclusiveGateway: ConditionalGateway,
  StartEvent,
  TimerEventDefinition,
  MessageEventDefinition,
  ErrorEventDefinition,
};

const typeResolver = TypeResolver(behaviours, (mapping: Record<string, unknown>) => {
  mapping['bpmn:ManualTask'] = Elements.Task;
});

/** A runnable source context (what bpmn-engine's `sourceContext` option takes). */
export function toSourceContext(serialized: SerializedContext): unknown {
  return deserialize(serialized, typeResolver);
}
