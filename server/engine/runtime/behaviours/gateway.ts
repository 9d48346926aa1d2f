/**
 * Exclusive and inclusive gateways whose conditions are FEEL, evaluated by the runtime (which
 * raises an incident and keeps the gateway waiting when no flow can be taken, as Zeebe does).
 */
import { Activity } from 'bpmn-elements';
import { cloneContent, onApi, type BpmnActivity, type BrokerMessage } from './bpmn';
import { hooksOf } from './hooks';

function ConditionalGatewayBehaviour(this: { activity: BpmnActivity }, activity: BpmnActivity) {
  this.activity = activity;
}

ConditionalGatewayBehaviour.prototype.execute = function execute(
  this: { activity: BpmnActivity },
  executeMessage: BrokerMessage,
) {
  const content = executeMessage.content;
  const { broker, environment, outbound } = this.activity;
  let done = false;
  const stopApi = onApi(broker, content.executionId, 'gateway', {
    discard: () => {
      done = true;
      broker.publish('execution', 'execute.discard', cloneContent(content));
    },
  });
  hooksOf(environment).gatewayStarted(
    content,
    outbound.map((f) => f.id),
    {
      take(flowIds) {
        if (done) return;
        done = true;
        stopApi();
        const taken = new Set(flowIds);
        const decided = outbound.map((f) => ({
          id: f.id,
          action: taken.has(f.id) ? 'take' : 'discard',
          targetId: f.targetId,
          ...(f.isDefault && { isDefault: true }),
        }));
        broker.publish('execution', 'execute.completed', cloneContent(content, { outbound: decided }));
      },
    },
    !!executeMessage.fields.redelivered,
  );
};

export function ConditionalGateway(activityDef: unknown, context: unknown) {
  return new (Activity as unknown as new (...args: unknown[]) => unknown)(
    ConditionalGatewayBehaviour,
    activityDef,
    context,
  );
}
