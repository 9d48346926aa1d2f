import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildAll } from '../../scripts/models/build';
import { WORKFLOWS_DIR } from '../../server/paths';
import { lintFiles, modelXml } from '../helpers/bpmn';

const FILES = ['dibao.bpmn', 'tekun.bpmn', 'linshi.bpmn', 'yishiyiyi.bpmn'];

describe('workflow models lint clean under bpmnlint + camunda-compat for Camunda 8.8', () => {
  it('every model has no lint error and no warning', async () => {
    const results = await lintFiles(FILES.map((f) => path.join(WORKFLOWS_DIR, f)));
    expect(results).toEqual(Object.fromEntries(FILES.map((f) => [f, []])));
  });

  it('reports a broken model: a service task without a job type, overlapping shapes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'models-'));
    const noJobType = path.join(dir, 'no-job-type.bpmn');
    writeFileSync(
      noJobType,
      modelXml('dibao.bpmn').replace('<zeebe:taskDefinition type="mark-overdue" retries="3" />', ''),
    );
    // Move the 评审会议 shape onto 经办人签署.
    const xml = modelXml('yishiyiyi.bpmn');
    const shape = (id: string) =>
      new RegExp(`(<bpmndi:BPMNShape id="${id}_di"[^>]*>\\s*<dc:Bounds )x="\\d+" y="\\d+"`);
    const [, , x, y] =
      /(<bpmndi:BPMNShape id="yishiyiyi-signoff-clerk_di"[^>]*>\s*<dc:Bounds )x="(\d+)" y="(\d+)"/.exec(xml)!;
    const overlapping = path.join(dir, 'overlapping.bpmn');
    writeFileSync(overlapping, xml.replace(shape('yishiyiyi-meeting'), `$1x="${x}" y="${y}"`));

    const results = await lintFiles([noJobType, overlapping]);
    expect(results['no-job-type.bpmn']!.join('\n')).toMatch(/mark-overdue: .*zeebe:TaskDefinition/);
    expect(results['overlapping.bpmn']!.join('\n')).toMatch(/no-overlapping-elements yishiyiyi-meeting/);
  });

  it('the committed files are exactly what their definitions build (run `npm run models`)', () => {
    for (const { file, xml } of buildAll()) {
      expect({ file: path.basename(file), same: readFileSync(file, 'utf8') === xml }).toEqual({
        file: path.basename(file),
        same: true,
      });
    }
  });
});
