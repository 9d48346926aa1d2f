/**
 * The slice of bpmn-elements' internals the engine's behaviours touch, typed locally (the
 * package's own typings do not cover behaviours). Messages are smqp messages.
 */
export interface ExecParent {
  id: string;
  type?: string;
  executionId: string;
  path?: { id: string; type?: string; executionId: string }[];
}

export interface ExecContent {
  id: string;
  type: string;
  executionId: string;
  parent?: ExecParent;
  inbound?: ExecContent[];
  isRootScope?: boolean;
  isMultiInstance?: boolean;
  index?: number;
  [key: string]: unknown;
}

export interface BrokerMessage {
  fields: { routingKey: string; redelivered?: boolean };
  content: ExecContent;
  properties: { type?: string; correlationId?: string; [key: string]: unknown };
}

export interface Broker {
  publish(exchange: string, routingKey: string, content: object, options?: object): void;
  subscribeTmp(
    exchange: string,
    pattern: string,
    handler: (routingKey: string, message: BrokerMessage) => void,
    options: object,
  ): void;
  cancel(consumerTag: string): void;
}

export interface BpmnActivity {
  id: string;
  type: string;
  broker: Broker;
  environment: { options: { runtime?: unknown } };
  behaviour: { loopCharacteristics?: { Behaviour: new (a: BpmnActivity, lc: unknown) => LoopBehaviour } };
  outbound: { id: string; targetId: string; isDefault?: boolean }[];
}

export interface LoopBehaviour {
  execute(message: BrokerMessage): void;
}

/** Shallow copy of a message content with its parent/inbound copied, as bpmn-elements does. */
export function cloneContent(content: ExecContent, extra: Record<string, unknown> = {}): ExecContent {
  const out: ExecContent = { ...content, ...extra } as ExecContent;
  if (content.parent) out.parent = { ...content.parent, path: content.parent.path?.map((p) => ({ ...p })) };
  if (content.inbound) out.inbound = content.inbound.map((i) => ({ ...i }));
  return out;
}

/** Subscribes to the activity api messages addressed to one execution (discard, stop). */
export function onApi(
  broker: Broker,
  executionId: string,
  tag: string,
  handlers: Partial<Record<'discard' | 'stop', () => void>>,
): () => void {
  const consumerTag = `_${tag}-api-${executionId}`;
  const stop = () => broker.cancel(consumerTag);
  broker.subscribeTmp(
    'api',
    `activity.#.${executionId}`,
    (_key, message) => {
      const handler = handlers[message.properties.type as 'discard' | 'stop'];
      if (handler) {
        stop();
        handler();
      }
    },
    { noAck: true, consumerTag, priority: 400 },
  );
  return stop;
}
