/**
 * Process-level start events complete at once: the runtime has already decided which start event
 * an instance begins at (none start for `createProcessInstance`, a timer or message start when
 * those fire) and gives each instance a model variant holding only that start event. Start events
 * of event sub-processes keep bpmn-elements' behaviour.
 */
import { Activity, StartEvent as ElementsStartEvent } from 'bpmn-elements';
import { cloneContent, type BpmnActivity, type BrokerMessage } from './bpmn';

function ImmediateStartBehaviour(this: { activity: BpmnActivity }, activity: BpmnActivity) {
  this.activity = activity;
}

ImmediateStartBehaviour.prototype.execute = function execute(
  this: { activity: BpmnActivity },
  executeMessage: BrokerMessage,
) {
  this.activity.broker.publish('execution', 'execute.completed', cloneContent(executeMessage.content));
};

type Factory = (def: unknown, context: unknown) => unknown;

export function StartEvent(activityDef: { parent?: { type?: string } }, context: unknown) {
  if (activityDef.parent?.type === 'bpmn:Process') {
    return new (Activity as unknown as new (...args: unknown[]) => unknown)(
      ImmediateStartBehaviour,
      activityDef,
      context,
    );
  }
  return (ElementsStartEvent as unknown as Factory)(activityDef, context);
}
