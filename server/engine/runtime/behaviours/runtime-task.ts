/**
 * One behaviour for every task whose work happens outside the token flow: service, send, user,
 * receive, script and call activity. It waits (like bpmn-elements' SignalTask) and lets the
 * runtime decide what waiting means: a job, a user task, a message subscription, a child
 * instance, or (script) an immediate FEEL evaluation. Multi-instance runs per iteration.
 */
import { Activity, ActivityError } from 'bpmn-elements';
import { cloneContent, onApi, type BpmnActivity, type BrokerMessage, type LoopBehaviour } from './bpmn';
import { hooksOf } from './hooks';

function RuntimeTaskBehaviour(this: TaskBehaviour, activity: BpmnActivity) {
  this.id = activity.id;
  this.type = activity.type;
  this.activity = activity;
  const loop = activity.behaviour.loopCharacteristics;
  this.loop = loop ? new loop.Behaviour(activity, loop) : undefined;
}

interface TaskBehaviour {
  id: string;
  type: string;
  activity: BpmnActivity;
  loop?: LoopBehaviour;
  execute(message: BrokerMessage): void;
}

RuntimeTaskBehaviour.prototype.execute = function execute(
  this: TaskBehaviour,
  executeMessage: BrokerMessage,
) {
  const content = executeMessage.content;
  const { broker, environment } = this.activity;
  const hooks = hooksOf(environment);
  if (this.loop && content.isRootScope) {
    const loop = this.loop;
    return hooks.loopStarting(
      content,
      () => loop.execute(executeMessage),
      !!executeMessage.fields.redelivered,
    );
  }
  let done = false;
  const stopApi = onApi(broker, content.executionId, 'task', {
    discard: () => {
      done = true;
      hooks.taskDiscarded(content);
      broker.publish('execution', 'execute.discard', cloneContent(content, { state: 'discard' }));
    },
    stop: () => {},
  });
  hooks.taskStarted(
    content,
    {
      complete(output) {
        if (done) return;
        done = true;
        stopApi();
        broker.publish('execution', 'execute.completed', cloneContent(content, { output, state: 'signal' }));
      },
      throwError(code, message) {
        if (done) return;
        done = true;
        stopApi();
        const error = new ActivityError(
          message,
          executeMessage as never,
          { code, name: code } as unknown as Error,
        );
        broker.publish('execution', 'execute.error', cloneContent(content, { error }), { mandatory: true });
      },
      throwToEventSubProcess(errorRefId, code, message) {
        if (done) return;
        done = true;
        stopApi();
        // What bpmn-elements' error throw event publishes: its process starts the matching
        // event sub-process. The task itself ends (terminated).
        const thrown = {
          id: errorRefId,
          type: 'bpmn:Error',
          messageType: 'throw',
          name: code,
          code,
          description: message,
        };
        broker.publish(
          'event',
          'activity.throw',
          cloneContent(content, { message: thrown, state: 'throw' }),
          {
            type: 'throw',
            delegate: true,
          },
        );
        hooks.taskDiscarded(content);
        broker.publish('execution', 'execute.discard', cloneContent(content, { state: 'discard' }));
      },
    },
    !!executeMessage.fields.redelivered,
  );
};

export function RuntimeTask(activityDef: unknown, context: unknown) {
  return new (Activity as unknown as new (...args: unknown[]) => unknown)(
    RuntimeTaskBehaviour,
    activityDef,
    context,
  );
}
