/**
 * User-task fixtures for the access matrix: a real embedded engine (official client) with one
 * small model whose single step carries the candidate group given at start, so every role with a
 * group gets its own open tasks on the fixture case: one to read, claim and release, one to
 * complete (form `overdue-supervision`, 超期督办, whose fields any role can fill in).
 */
import type { Role } from '../../../server/auth/roles';
import { candidateGroupsOf } from '../../../server/domain/decision';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import type { Api, Fixtures } from './harness';

const NOW = { consistency: { waitUpToMs: 0 } };

export const STEP_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="matrix-defs" targetNamespace="http://jiuzhu.test">
  <bpmn:process id="matrix-step" name="矩阵测试步骤" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="matrix-step-supervision" />
    <bpmn:userTask id="matrix-step-supervision" name="超期督办">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:formDefinition externalReference="overdue-supervision" />
        <zeebe:assignmentDefinition candidateGroups="=[group]" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="matrix-step-supervision" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>
`;

export interface TaskFixtures {
  engine: TestEngine;
  /** Per role: a task to read, claim and release. */
  open: Partial<Record<Role, string>>;
  /** Per role: a task to complete. */
  completable: Partial<Record<Role, string>>;
  /** One of the fixture case's process instances (for the diagram). */
  processInstanceKey: string;
}

export async function taskFixtures(api: Api, fx: Fixtures, caseId: string, roles: readonly Role[]) {
  const engine = await startTestEngine('matrix_tasks');
  api.ctx.camunda = engine.client;
  await engine.deployXml('matrix-step.bpmn', STEP_XML);
  const c = await api.tdb.db.case.findUniqueOrThrow({ where: { id: caseId } });
  const start = async (role: Role) => {
    const [group] = candidateGroupsOf(fx.inside(role));
    const pi = await engine.api.createProcessInstance({
      processDefinitionId: 'matrix-step',
      variables: { caseId, group, districtCode: c.districtCode, streetCode: c.streetCode },
    });
    const r = await engine.api.searchUserTasks(
      { filter: { processInstanceKey: pi.processInstanceKey } },
      NOW,
    );
    return { pi: String(pi.processInstanceKey), key: String(r.items[0].userTaskKey) };
  };
  const f: TaskFixtures = { engine, open: {}, completable: {}, processInstanceKey: '' };
  for (const role of roles) {
    const a = await start(role);
    f.open[role] = a.key;
    f.completable[role] = (await start(role)).key;
    f.processInstanceKey ||= a.pi;
  }
  // The case runs on the first instance (its diagram).
  await api.tdb.db.case.update({ where: { id: caseId }, data: { processInstanceKey: f.processInstanceKey } });
  return f;
}
