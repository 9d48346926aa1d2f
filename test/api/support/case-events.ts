/**
 * Case-event fixtures for the access matrix: one small model whose waits carry the element ids of
 * the case models (`gw-notice-wait`: 公示; `gw-await-supplement`: after 一次性告知) and catch the
 * same messages, looping back so that every allowed role's objection or supplement finds the case
 * still waiting. One case per route, each on its own instance (the withdrawal ends its case).
 */
import type { TestEngine } from '../../helpers/engine';
import { application } from './applications';
import type { Api, Client } from './harness';

const EVENTS_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="matrix-events-defs" targetNamespace="http://jiuzhu.test">
  <bpmn:process id="matrix-events" name="矩阵测试消息" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="fork" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:sequenceFlow id="f1" sourceRef="fork" targetRef="gw-notice-wait" />
    <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="gw-await-supplement" />
    <bpmn:eventBasedGateway id="gw-notice-wait" />
    <bpmn:sequenceFlow id="f3" sourceRef="gw-notice-wait" targetRef="objection-received" />
    <bpmn:sequenceFlow id="f4" sourceRef="gw-notice-wait" targetRef="notice-elapsed" />
    <bpmn:intermediateCatchEvent id="objection-received">
      <bpmn:messageEventDefinition messageRef="m-objection" />
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f5" sourceRef="objection-received" targetRef="gw-notice-wait" />
    <bpmn:intermediateCatchEvent id="notice-elapsed">
      <bpmn:timerEventDefinition><bpmn:timeDuration>P30D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f6" sourceRef="notice-elapsed" targetRef="end-notice" />
    <bpmn:endEvent id="end-notice" />
    <bpmn:eventBasedGateway id="gw-await-supplement" />
    <bpmn:sequenceFlow id="f7" sourceRef="gw-await-supplement" targetRef="materials-supplemented" />
    <bpmn:sequenceFlow id="f8" sourceRef="gw-await-supplement" targetRef="withdrawn" />
    <bpmn:intermediateCatchEvent id="materials-supplemented">
      <bpmn:messageEventDefinition messageRef="m-supplemented" />
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f9" sourceRef="materials-supplemented" targetRef="gw-await-supplement" />
    <bpmn:intermediateCatchEvent id="withdrawn">
      <bpmn:messageEventDefinition messageRef="m-withdrawn" />
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f10" sourceRef="withdrawn" targetRef="end-withdrawn" />
    <bpmn:endEvent id="end-withdrawn" />
  </bpmn:process>
  <bpmn:message id="m-objection" name="public-notice-objection">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=caseId" /></bpmn:extensionElements>
  </bpmn:message>
  <bpmn:message id="m-supplemented" name="materials-supplemented">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=caseId" /></bpmn:extensionElements>
  </bpmn:message>
  <bpmn:message id="m-withdrawn" name="application-withdrawn">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=caseId" /></bpmn:extensionElements>
  </bpmn:message>
</bpmn:definitions>
`;

export interface CaseEventFixtures {
  objection: string;
  supplement: string;
  withdrawal: string;
}

/** Registers three S1 cases as `clerk` and runs each on an instance of the waiting model. */
export async function caseEventFixtures(
  api: Api,
  engine: TestEngine,
  clerk: Client,
): Promise<CaseEventFixtures> {
  await engine.deployXml('matrix-events.bpmn', EVENTS_XML);
  const one = async () => {
    const created = await clerk.post('/api/cases', application());
    if (created.status !== 201) throw new Error(`fixture case not registered: ${created.status}`);
    const id = String(created.body.id);
    const pi = await engine.api.createProcessInstance({
      processDefinitionId: 'matrix-events',
      variables: { caseId: id },
    });
    await api.tdb.db.case.update({
      where: { id },
      data: { processInstanceKey: String(pi.processInstanceKey), status: 'in_progress' },
    });
    return id;
  };
  return { objection: await one(), supplement: await one(), withdrawal: await one() };
}
