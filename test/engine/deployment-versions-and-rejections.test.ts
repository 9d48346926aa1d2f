/**
 * Deployments: versions per BPMN process id, Zeebe's duplicate detection, process definitions
 * and resources by key, element statistics, and rejection of anything outside the supported
 * subset with a problem listing element ids and types.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestEngine, type TestEngine } from '../helpers/engine';

const NOW = { consistency: { waitUpToMs: 0 } };
const modelPath = path.join(import.meta.dirname, 'models', 'order.bpmn');

describe('deployments', () => {
  let t: TestEngine;
  let xml: string;
  beforeAll(async () => {
    t = await startTestEngine('eng_deploy');
    xml = await readFile(modelPath, 'utf8');
  });
  afterAll(() => t.close());

  it('keeps the version when an unchanged resource is redeployed, and versions a changed one', async () => {
    const first = await t.deployXml('order.bpmn', xml);
    const again = await t.deployXml('order.bpmn', xml);
    expect(again.processes[0]).toEqual(first.processes[0]);
    expect(again.deploymentKey).not.toBe(first.deploymentKey);
    const changed = await t.deployXml('order.bpmn', xml.replace('name="Approve"', 'name="审批"'));
    expect(changed.processes[0]).toMatchObject({ processDefinitionId: 'order', processDefinitionVersion: 2 });
    expect(changed.processes[0]!.processDefinitionKey).not.toBe(first.processes[0]!.processDefinitionKey);

    const latest = await t.api.searchProcessDefinitions(
      { filter: { processDefinitionId: 'order', isLatestVersion: true } },
      NOW,
    );
    expect(latest.items.map((d: any) => d.version)).toEqual([2]);
    const all = await t.api.searchProcessDefinitions(
      { filter: { processDefinitionId: 'order' }, sort: [{ field: 'version', order: 'DESC' }] },
      NOW,
    );
    expect(all.items.map((d: any) => d.version)).toEqual([2, 1]);

    const pi = await t.api.createProcessInstance({ processDefinitionId: 'order', variables: { amount: 1 } });
    expect(pi.processDefinitionVersion).toBe(2);
    const old = await t.api.createProcessInstance({
      processDefinitionId: 'order',
      processDefinitionVersion: 1,
      variables: { amount: 1 },
    });
    expect(old.processDefinitionKey).toBe(first.processes[0]!.processDefinitionKey);
    const byKey = await t.api.createProcessInstance({
      processDefinitionKey: first.processes[0]!.processDefinitionKey,
      variables: { amount: 1 },
    });
    expect(byKey.processDefinitionVersion).toBe(1);
  });

  it('serves definitions, their XML and resources by key', async () => {
    const key = (await t.deployXml('order.bpmn', xml)).processes[0]!.processDefinitionKey;
    const def = await t.api.getProcessDefinition({ processDefinitionKey: key }, NOW);
    expect(def).toMatchObject({
      processDefinitionId: 'order',
      name: 'Order',
      resourceName: 'order.bpmn',
      processDefinitionKey: key,
    });
    expect(await t.api.getProcessDefinitionXml({ processDefinitionKey: key }, NOW)).toBe(xml);
    expect(await t.api.getResource({ resourceKey: key })).toMatchObject({
      resourceId: 'order',
      resourceKey: key,
    });
    expect(await t.api.getResourceContent({ resourceKey: key })).toBe(xml);
    await expect(
      t.api.getProcessDefinition({ processDefinitionKey: '2251799813999999' }, NOW),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('counts element instances per element (the heat-map)', async () => {
    const { processDefinitionKey } = (
      await t.deployXml('stats.bpmn', xml.replace(/id="order"/, 'id="stats"'))
    ).processes[0]!;
    for (const amount of [1, 2, 500])
      await t.api.createProcessInstance({
        processDefinitionId: 'stats',
        variables: { amount, streetCode: 'x', dueAt: '2030-01-01T00:00:00Z' },
      });
    const { jobs } = await t.api.activateJobs({
      type: 'prepare-doc',
      maxJobsToActivate: 10,
      timeout: 60_000,
      requestTimeout: -1,
    });
    for (const j of jobs.filter((x: any) => x.processDefinitionKey === processDefinitionKey).slice(0, 2)) {
      await t.api.completeJob({ jobKey: j.jobKey, variables: { docId: 'd' } });
    }
    const stats = await t.api.getProcessDefinitionStatistics({ processDefinitionKey }, NOW);
    const byId = Object.fromEntries(stats.items.map((s: any) => [s.elementId, s]));
    expect(byId.start).toMatchObject({ completed: 3n, active: 0n });
    expect(byId.prepare).toMatchObject({ completed: 2n, active: 1n });
    expect(byId.done).toMatchObject({ completed: 2n });
  });

  it('rejects a model with unsupported elements, listing ids and types, and deploys nothing', async () => {
    const bad = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="bad-defs" targetNamespace="x">
  <bpmn:process id="bad" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="a" sourceRef="s" targetRef="cg" />
    <bpmn:complexGateway id="cg" />
    <bpmn:sequenceFlow id="b" sourceRef="cg" targetRef="rule" />
    <bpmn:businessRuleTask id="rule" />
    <bpmn:sequenceFlow id="c" sourceRef="rule" targetRef="plain" />
    <bpmn:serviceTask id="plain" />
    <bpmn:sequenceFlow id="d" sourceRef="plain" targetRef="sig" />
    <bpmn:intermediateThrowEvent id="sig"><bpmn:signalEventDefinition /></bpmn:intermediateThrowEvent>
  </bpmn:process>
</bpmn:definitions>`;
    const err = await t.deployXml('bad.bpmn', bad).catch((e: any) => e);
    expect(err).toMatchObject({ status: 400 });
    const detail = String(err.detail ?? err.message);
    expect(detail).toContain('cg (bpmn:ComplexGateway)');
    expect(detail).toContain('rule (bpmn:BusinessRuleTask)');
    expect(detail).toContain('plain (bpmn:ServiceTask): a zeebe:taskDefinition with a type is required');
    expect(detail).toContain('sig (bpmn:IntermediateThrowEvent)');
    const found = await t.api.searchProcessDefinitions({ filter: { processDefinitionId: 'bad' } }, NOW);
    expect(found.items).toEqual([]);
  });

  it('rejects XML that is not BPMN', async () => {
    await expect(t.deployXml('x.bpmn', '<not-bpmn/>')).rejects.toMatchObject({ status: 400 });
  });
});
