/**
 * Every template renders with its sample data (real Chromium), and each PDF is read back with
 * poppler: the Chinese text in order, every font embedded (CID TrueType, with Unicode maps),
 * A4 pages and the metadata; qpdf finds no structural error.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { DOCUMENTS } from '../../server/documents/catalog';
import { DocumentRenderer, type RenderedDocument } from '../../server/documents/renderer';
import { expectInOrder, pdfFonts, pdfInfo, pdfText, qpdfCheck, sample, xmpOf } from './helpers';

/** Text each document must show, in reading order. */
const EXPECTED: Record<string, string[]> = {
  'acceptance-notice': [
    '重庆市渝北区双龙湖街道办事处',
    '渝北双龙湖民救〔2026〕37号',
    '受理通知书',
    '张明华：',
    '2026年11月18日',
    '最低生活保障申请',
    '予以受理',
    '25个工作日内办结',
    '023-67821234',
    '特此通知。',
    '重庆市渝北区双龙湖街道办事处',
    '2026年11月20日',
  ],
  'supplement-notice': [
    '补正材料一次性告知书',
    '张明华：',
    '一次性告知',
    '1.家庭成员李秀英的户口簿复印件',
    '4.家庭经济状况核查授权书',
    '特此告知。',
    '2026年11月19日',
  ],
  'verification-mandate': [
    '家庭经济状况核查认定委托书',
    '重庆市渝北区社会救助家庭经济状况核查认定中心：',
    '一、被核对人员',
    '张明华',
    '申请人',
    '张梓堃',
    '二、核对事项',
    '工资性收入',
    '社会保险缴费',
  ],
  'home-visit-record': [
    '入户调查表',
    '案卷编号：DB-500112-2026-000123',
    '调查人员',
    '王建国、陈晓梅',
    '张明华',
    '慢性肾病',
    '住房情况',
    '调查结论',
    '调查人员签名',
    '被调查人（家庭成员）签名',
  ],
  'community-assessment-record': [
    '群众评议记录',
    '评议时间',
    '2026年11月26日',
    '刘红梅（街道干部）',
    '表决结果',
    '同意5人，不同意0人，弃权0人',
    '评议结论',
  ],
  'public-notice': [
    '最低生活保障公示',
    '2026年11月27日至2026年12月3日',
    '户主姓名',
    '张明华',
    '3',
    '1410',
    '谭永昇',
    '如对上述对象有异议',
    '023-67821234',
  ],
  'review-approval-form': [
    '最低生活保障审核审批表',
    '申请人',
    '张明华',
    '拟保障金额',
    '1410元/月',
    '申请人',
    '街道初审意见',
    '刘红梅',
    '经办人意见',
    '赵志刚',
    '科室负责人意见',
    '孙丽',
    '负责人意见',
    '周国平',
    '2026年12月10日',
  ],
  'meeting-minutes': [
    '重庆市渝北区民政局会议纪要',
    '渝北民救〔2026〕41号',
    '关于临时救助“一事一议”事项的会议纪要',
    '一、基本情况',
    '二、与会人员意见',
    '三、议定事项',
    '临时救助金12000元',
    '出席：周国平（区民政局副局长）',
    '记录：赵志刚',
  ],
  'grant-notice': [
    '重庆市渝北区民政局',
    '渝北民救〔2026〕12号',
    '确认通知书',
    '张明华：',
    '保障人数3人',
    '每人每月770元',
    '1410元',
    '2026年11月起',
    '尾号为4567',
    '2026年11月29日',
  ],
  'refusal-notice': [
    '不予确认通知书',
    '何国强：',
    '不予确认。理由如下：',
    '1.经信息核对',
    '2.经入户调查',
    '六十日内向重庆市渝北区人民政府申请行政复议',
    '六个月内直接向重庆市渝北区人民法院提起行政诉讼',
  ],
  'non-acceptance-notice': [
    '重庆市渝北区双龙湖街道办事处',
    '渝北双龙湖民救〔2026〕52号',
    '不予受理通知书',
    '刘德才：',
    '2026年11月23日因火灾（发生于2026年11月15日）',
    '临时救助申请',
    '决定不予受理。理由如下：',
    '1.经查询',
    '2026年11月17日向重庆市黔江区城东街道办事处',
    'LS-500114-2026-000041',
    '重复申请',
    '民发〔2018〕23号',
    '六十日内向重庆市渝北区人民政府申请行政复议',
    '六个月内直接向重庆市渝北区人民法院提起行政诉讼',
    '023-67821234',
    '特此通知。',
    '2026年11月24日',
  ],
  'increase-decision': ['增发决定书', '在校学生', '2027年1月起', '由1410元增发至1510元', '行政复议'],
  'decrease-decision': [
    '减发决定书',
    '2026年12月15日听取你（户）的陈述和申辩',
    '由1410元减发至810元',
    '行政诉讼',
  ],
  'stop-decision': ['停发决定书', '已不再符合保障条件', '2026年12月15日听取', '停止发放', '原月保障金1410元'],
  'disbursement-roster': [
    '双龙湖街道2026年12月救助金发放花名册',
    '第1页共3页',
    '序号',
    '户主姓名',
    '身份证号码',
    '500112********',
    '本页小计',
    '合计（70户）',
  ],
};

/** Python's XML parser (the system python3) reads the XMP packet back. */
const PARSE_XMP = [
  'import sys, xml.dom.minidom as m',
  'd = m.parseString(sys.stdin.buffer.read())',
  "print(d.getElementsByTagName('pdfaid:part')[0].firstChild.data, d.getElementsByTagName('pdfaid:conformance')[0].firstChild.data)",
].join('\n');

let renderer: DocumentRenderer;
let dir: string;
const rendered = new Map<string, { doc: RenderedDocument; file: string }>();

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'jiuzhu-docs-'));
  renderer = await DocumentRenderer.create();
  await Promise.all(
    DOCUMENTS.map(async (d) => {
      const doc = await renderer.render(d.name, sample(d.name), {
        caseId: '0b5f1d52-4a53-4a39-9d77-2f1e8e0b9a11',
      });
      const file = path.join(dir, `${d.name}.pdf`);
      writeFileSync(file, doc.pdf);
      rendered.set(d.name, { doc, file });
    }),
  );
}, 180_000);

afterAll(async () => {
  await renderer?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the catalogue lists the fourteen documents of the procedure, each with a sample', () => {
  expect(DOCUMENTS.map((d) => d.name).sort()).toEqual(Object.keys(EXPECTED).sort());
});

describe.each(DOCUMENTS.map((d) => d.name))('%s', (name) => {
  it('shows its Chinese text in reading order', () => {
    const { file } = rendered.get(name)!;
    expectInOrder(pdfText(file), EXPECTED[name]!);
  });

  it('embeds every font as a subset CID TrueType font with a Unicode map (no Type 3)', () => {
    const fonts = pdfFonts(rendered.get(name)!.file);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f).toMatchObject({ embedded: true, unicode: true });
      expect(f.type).toBe('CID TrueType');
      expect(f.name).toMatch(/^[A-Z]{6}\+JZ-/);
    }
  });

  it('is A4 with title, issuer, 文号 and case in its metadata, and passes qpdf --check', () => {
    const { file, doc } = rendered.get(name)!;
    const info = pdfInfo(file);
    expect(info['Page size']).toMatch(/^59[45]\.\d+ x 841\.\d+ pts \(A4\)$/);
    expect(info.Title).toBe(doc.spec.title);
    const data = sample(name) as { issuer: { name: string }; documentNumber?: string };
    expect(info.Author).toBe(data.issuer.name);
    if (data.documentNumber) expect(info.Subject).toBe(data.documentNumber);
    expect(info.Keywords).toContain(name);
    expect(Number(info.Pages)).toBe(doc.pages);
    expect(qpdfCheck(file)).toContain('No syntax or stream encoding errors');
  });

  it('carries the PDF/A-2b identification, the source hash and an sRGB output intent', async () => {
    const { doc } = rendered.get(name)!;
    const xmp = xmpOf(doc.pdf);
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain(`<jz:sourceSha256>${doc.sourceSha256}</jz:sourceSha256>`);
    // PDF/A: own XMP properties need an extension schema; the packet must be well-formed XML.
    expect(xmp).toContain('<pdfaSchema:prefix>jz</pdfaSchema:prefix>');
    const parsed = execFileSync('/usr/bin/python3', ['-c', PARSE_XMP], { input: xmp, encoding: 'utf8' });
    expect(parsed.trim()).toBe('2 B');
    const pdf = await PDFDocument.load(doc.pdf, { updateMetadata: false });
    const intents = pdf.catalog.lookup(PDFName.of('OutputIntents'), PDFArray);
    const intent = intents.lookup(0, PDFDict);
    expect(intent.get(PDFName.of('S'))).toBe(PDFName.of('GTS_PDFA1'));
    expect(intent.lookup(PDFName.of('DestOutputProfile'))).toBeInstanceOf(PDFRawStream);
    expect(pdf.context.trailerInfo.ID).toBeDefined();
  });
});

test('characters Fandol maps to Kangxi radicals extract as ordinary characters (生, not ⽣)', () => {
  const text = pdfText(rendered.get('acceptance-notice')!.file);
  expect(text).toContain('最低生活保障');
  expect(text).not.toMatch(/[\u2E80-\u2FDF]/);
});

test('a rare name character missing from Fandol (堃) comes from the fallback face and extracts', () => {
  const { file } = rendered.get('verification-mandate')!;
  expect(pdfText(file)).toContain('张梓堃');
  expect(pdfFonts(file).map((f) => f.name.slice(7))).toContain('JZ-Fallback');
});
