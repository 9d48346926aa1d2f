/**
 * Timer and message catch event definitions whose waiting is owned by the runtime: it computes
 * due dates with the engine clock (pinnable), keeps timers in PostgreSQL indexed by due time,
 * and opens message subscriptions with FEEL correlation keys. When a timer is due or a message
 * correlates, the runtime triggers the waiter. A boundary timer that cycles asks bpmn-elements to
 * repeat the boundary event (`execute.repeat`) with the repetitions left.
 */
import { ErrorEventDefinition as ElementsErrorEventDefinition } from 'bpmn-elements';
import { cloneContent, type BpmnActivity, type Broker, type BrokerMessage, type ExecContent } from './bpmn';
import { hooksOf, type EventWaiter, type RuntimeHooks } from './hooks';

interface EventDefinition {
  type: string;
  activity: BpmnActivity;
  broker: Broker;
  hooks: RuntimeHooks;
  execute(message: BrokerMessage): void;
}

function bind(
  self: EventDefinition,
  activity: BpmnActivity,
  eventDefinition: { type?: string },
  type: string,
) {
  self.type = eventDefinition.type ?? type;
  self.activity = activity;
  self.broker = activity.broker;
  self.hooks = hooksOf(activity.environment);
}

function wait(
  self: EventDefinition,
  executeMessage: BrokerMessage,
  start: (content: ExecContent, waiter: EventWaiter, resumed: boolean) => void,
  state: string,
) {
  const content = executeMessage.content;
  const { broker, hooks } = self;
  const executionId = content.executionId;
  const parentExecutionId = content.parent?.executionId;
  let done = false;
  const tags = [`_ed-api-${executionId}`, `_ed-parent-api-${executionId}`];
  const stop = () => tags.forEach((t) => broker.cancel(t));
  const onApi = (_key: string, message: BrokerMessage) => {
    const kind = message.properties.type;
    if (kind === 'stop') return stop();
    if (kind !== 'discard' || done) return;
    done = true;
    stop();
    hooks.eventDiscarded(content);
    broker.publish('execution', 'execute.discard', cloneContent(content, { state: 'discard' }));
  };
  broker.subscribeTmp('api', `activity.#.${executionId}`, onApi, {
    noAck: true,
    consumerTag: tags[0],
    priority: 400,
  });
  if (parentExecutionId) {
    broker.subscribeTmp('api', `activity.#.${parentExecutionId}`, onApi, {
      noAck: true,
      consumerTag: tags[1],
      priority: 400,
    });
  }
  start(
    content,
    {
      trigger(output) {
        if (done) return;
        done = true;
        stop();
        const repeat = output?.['@repeat'];
        const out = { ...output };
        delete out['@repeat'];
        if (typeof repeat === 'number') {
          broker.publish('execution', 'execute.repeat', cloneContent(content, { repeat, state }));
        }
        broker.publish('execution', 'execute.completed', cloneContent(content, { output: out, state }));
      },
    },
    !!executeMessage.fields.redelivered,
  );
}

export function TimerEventDefinition(
  this: EventDefinition,
  activity: BpmnActivity,
  eventDefinition: { type?: string },
) {
  bind(this, activity, eventDefinition, 'bpmn:TimerEventDefinition');
}
TimerEventDefinition.prototype.execute = function execute(
  this: EventDefinition,
  executeMessage: BrokerMessage,
) {
  wait(this, executeMessage, (c, w, r) => this.hooks.timerStarted(c, w, r), 'timeout');
};

export function MessageEventDefinition(
  this: EventDefinition,
  activity: BpmnActivity,
  eventDefinition: { type?: string },
) {
  bind(this, activity, eventDefinition, 'bpmn:MessageEventDefinition');
}
MessageEventDefinition.prototype.execute = function execute(
  this: EventDefinition,
  executeMessage: BrokerMessage,
) {
  wait(this, executeMessage, (c, w, r) => this.hooks.messageStarted(c, w, r), 'catch');
};

/**
 * Error event definitions keep bpmn-elements' behaviour, except that a throwing one (error end
 * event) first asks the runtime: bpmn-elements only throws when a catch exists in this instance;
 * otherwise the runtime propagates to a calling instance or raises an incident, like Zeebe.
 */
export function ErrorEventDefinition(
  activity: BpmnActivity & { isThrowing?: boolean },
  eventDefinition: unknown,
) {
  const Inner = ElementsErrorEventDefinition as unknown as new (a: unknown, e: unknown) => EventDefinition;
  const inner = new Inner(activity, eventDefinition);
  if (!activity.isThrowing) return inner;
  const hooks = hooksOf(activity.environment);
  return Object.assign(Object.create(inner) as EventDefinition, {
    execute(executeMessage: BrokerMessage) {
      hooks.errorEndReached(
        executeMessage.content,
        () => inner.execute(executeMessage),
        !!executeMessage.fields.redelivered,
      );
    },
  });
}
