/**
 * Handlebars environment of the official documents: templates/<name>.hbs, templates/partials/*.hbs,
 * helpers for dates, money and masking. Data reaches the HTML only through `{{ }}` (escaped);
 * templates containing `{{{` are refused, and the stylesheet and font CSS are added around the
 * template output, never through it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { maskIdNumber } from '../domain/id-number';
import { TEMPLATES_DIR } from '../paths';

export type TemplateFn = (data: unknown) => string;

const RELATIONS: Record<string, string> = {
  applicant: '申请人',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  other: '其他',
};
const CASE_TYPES: Record<string, string> = {
  dibao: '最低生活保障',
  tekun: '特困人员救助供养',
  linshi: '临时救助',
};

/** 2026-11-29 → 2026年11月29日 (成文日期 in Arabic numerals, no leading zeros: GB/T 9704 §7.3.5.1). */
export function cnDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) throw new Error(`日期格式错误：${iso}`);
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** 2026-12 → 2026年12月 */
export function cnMonth(iso: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(iso);
  if (!m) throw new Error(`月份格式错误：${iso}`);
  return `${m[1]}年${Number(m[2])}月`;
}

/** Yuan with two decimals only when there are cents: 1540 → "1540", 1540.5 → "1540.50". */
export function yuan(value: number | string): string {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`金额错误：${value}`);
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** Bank account masked: only the last 4 digits stay. */
export function maskAccount(account: string): string {
  const digits = account.replace(/\s+/g, '');
  return digits.length <= 4 ? digits : `${'*'.repeat(Math.min(12, digits.length - 4))}${digits.slice(-4)}`;
}

/** The size class of the 发文机关标志 so that long names still fit into the 156 mm text block. */
export function markClass(name: string): string {
  const n = [...name].length;
  if (n <= 9) return 'len-9';
  if (n <= 18) return `len-${n}`;
  return 'len-long';
}

function createEnvironment(): typeof Handlebars {
  const hb = Handlebars.create();
  hb.registerHelper('cnDate', (s: string) => cnDate(s));
  hb.registerHelper('cnMonth', (s: string) => cnMonth(s));
  hb.registerHelper('yuan', (n: number | string) => yuan(n));
  hb.registerHelper('maskId', (s: string) => maskIdNumber(s));
  hb.registerHelper('maskAccount', (s: string) => maskAccount(s));
  hb.registerHelper('accountTail', (s: string) => s.replace(/\s+/g, '').slice(-4));
  hb.registerHelper('markClass', (s: string, suffix: unknown) =>
    markClass(s + (typeof suffix === 'string' ? suffix : '')),
  );
  hb.registerHelper('relation', (s: string) => RELATIONS[s] ?? s);
  hb.registerHelper('caseType', (s: string) => CASE_TYPES[s] ?? s);
  hb.registerHelper('inc', (i: number) => i + 1);
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('isNumber', (v: unknown) => typeof v === 'number' && Number.isFinite(v));
  hb.registerHelper('join', (list: unknown, sep: unknown) =>
    Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : '、') : '',
  );
  return hb;
}

function assertEscapedOnly(file: string, source: string): void {
  if (source.includes('{{{') || /\{\{&/.test(source)) {
    throw new Error(`模板 ${file} 使用了不转义的输出（{{{ }}} 或 {{& }}），只允许 {{ }}`);
  }
  if (/<style|<script|<link|<img|<iframe|<object|\bstyle\s*=|\b(src|href)\s*=|url\s*\(/i.test(source)) {
    throw new Error(`模板 ${file} 含有样式、脚本或外部资源；样式只能写在 templates/document.css`);
  }
}

export interface TemplateSet {
  render(name: string, data: unknown): string;
  names(): string[];
  stylesheet: string;
}

/** Compiles every template and partial once (templates/*.hbs, templates/partials/*.hbs). */
export function loadTemplates(dir = TEMPLATES_DIR): TemplateSet {
  const hb = createEnvironment();
  const partialDir = path.join(dir, 'partials');
  for (const f of readdirSync(partialDir).filter((x) => x.endsWith('.hbs'))) {
    const src = readFileSync(path.join(partialDir, f), 'utf8');
    assertEscapedOnly(`partials/${f}`, src);
    hb.registerPartial(f.slice(0, -4), src);
  }
  const compiled = new Map<string, TemplateFn>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.hbs'))) {
    const src = readFileSync(path.join(dir, f), 'utf8');
    assertEscapedOnly(f, src);
    compiled.set(f.slice(0, -4), hb.compile(src, { noEscape: false, knownHelpersOnly: false }));
  }
  const stylesheet = readFileSync(path.join(dir, 'document.css'), 'utf8');
  return {
    stylesheet,
    names: () => [...compiled.keys()].sort(),
    render(name, data) {
      const fn = compiled.get(name);
      if (!fn) throw new Error(`没有名为 ${name} 的公文模板`);
      return fn(data);
    },
  };
}

export const escapeHtml = (s: string): string => Handlebars.escapeExpression(s);
