/**
 * Effective-dated Chongqing standards (元/人·月). Each month is computed with the standard valid in
 * that month (DOMAIN.md "Money"); a retroactive notice therefore means back-pay. Values are stored
 * as published, never derived (e.g. 特困 is not recomputed as 1.3 × 低保).
 *
 * The same rows seed the `assistance_standard` table (prisma/migrations/*_standards); an admin may
 * edit the table later, and the database then wins over this built-in copy.
 */
import { firstDayOfMonth, isIsoDate, isIsoMonth, type IsoDate, type IsoMonth } from './dates';

export type Area = 'urban' | 'rural';
export const AREA_LABEL: Record<Area, string> = { urban: '城市', rural: '农村' };

export interface StandardRow {
  area: Area;
  /** First day of a month: a standard applies to whole months. */
  effectiveFrom: IsoDate;
  /** 低保标准. */
  dibao: number;
  /** 特困人员基本生活标准; null when not published for this area. */
  tekunBasic: number | null;
  /** 照料护理标准 全护理 / 半护理 / 全自理; careSelf null = no 全自理 subsidy in that period. */
  careFull: number | null;
  careHalf: number | null;
  careSelf: number | null;
  /** The notice that set it (文号), or a note that it is unconfirmed. */
  source: string;
  note?: string | null;
}

/** DOMAIN.md lists no 文号 for these years. */
const UNCONFIRMED_NOTICE = '重庆市年度城乡低保标准通知（文号待核实）';

type Published = [IsoDate, number, number, number, number, number, number | null, string, string?];

/** DOMAIN.md "Money (Chongqing)": 城市低保, 农村低保, 特困基本生活, 照料护理 全/半/自理. */
const PUBLISHED: Published[] = [
  ['2018-01-01', 546, 410, 710, 300, 200, null, UNCONFIRMED_NOTICE, undefined],
  ['2019-01-01', 580, 440, 754, 300, 200, null, UNCONFIRMED_NOTICE, '生效日期未经核实，按 1 月 1 日'],
  ['2020-09-01', 620, 496, 806, 300, 200, 50, '渝民〔2020〕179号'],
  ['2021-09-01', 636, 515, 827, 300, 200, 50, UNCONFIRMED_NOTICE],
  ['2022-09-01', 717, 581, 932, 300, 200, 50, '渝民〔2022〕187号'],
  ['2023-09-01', 735, 600, 955, 300, 200, 50, '渝民发〔2023〕10号'],
  ['2024-09-01', 750, 610, 975, 500, 300, 100, '渝民发〔2024〕9号', '生效日期未经核实'],
  ['2025-07-01', 770, 630, 1001, 500, 300, 100, '渝民规〔2025〕6号'],
];

/**
 * The published table as rows. The 特困 and 照料护理 figures are the urban ones (161号 concerns
 * 城市特困人员); no rural 特困 figure is stored because none is given, so a rural 特困 lookup fails
 * with a clear message instead of inventing one.
 */
export const PUBLISHED_STANDARDS: readonly StandardRow[] = Object.freeze(
  PUBLISHED.flatMap(([effectiveFrom, urban, rural, tekun, full, half, self, source, note]) => [
    {
      area: 'urban' as const,
      effectiveFrom,
      dibao: urban,
      tekunBasic: tekun,
      careFull: full,
      careHalf: half,
      careSelf: self,
      source,
      note: note ?? null,
    },
    {
      area: 'rural' as const,
      effectiveFrom,
      dibao: rural,
      tekunBasic: null,
      careFull: null,
      careHalf: null,
      careSelf: null,
      source,
      note: note ?? null,
    },
  ]),
);

export class StandardNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StandardNotFoundError';
  }
}

/** Checks rows before they are used or saved: month starts, positive amounts, no duplicates. */
export function validateStandardRows(rows: readonly StandardRow[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const key = `${r.area}@${r.effectiveFrom}`;
    if (!isIsoDate(r.effectiveFrom) || !r.effectiveFrom.endsWith('-01')) {
      problems.push(`${key}：生效日期必须是某月 1 日`);
    }
    if (seen.has(key)) problems.push(`${key}：同一地区同一生效日期重复`);
    seen.add(key);
    for (const [k, v] of Object.entries({
      dibao: r.dibao,
      tekunBasic: r.tekunBasic,
      careFull: r.careFull,
      careHalf: r.careHalf,
      careSelf: r.careSelf,
    })) {
      if (v !== null && !(Number.isFinite(v) && v >= 0)) problems.push(`${key}：${k} 必须是非负数`);
    }
    if (!(r.dibao > 0)) problems.push(`${key}：低保标准必须大于 0`);
  }
  return problems;
}

/** The standard valid in `month` for `area`: the latest row effective on or before its first day. */
export function lookupStandard(rows: readonly StandardRow[], area: Area, month: IsoMonth): StandardRow {
  if (!isIsoMonth(month)) throw new RangeError(`月份格式应为 YYYY-MM：${month}`);
  const day = firstDayOfMonth(month);
  let best: StandardRow | undefined;
  for (const r of rows) {
    if (r.area !== area || r.effectiveFrom > day) continue;
    if (!best || r.effectiveFrom > best.effectiveFrom) best = r;
  }
  if (!best) {
    const first = rows.filter((r) => r.area === area).map((r) => r.effectiveFrom.slice(0, 7));
    const earliest = first.length ? `最早 ${first.sort()[0]}` : '尚未录入任何标准';
    throw new StandardNotFoundError(`${month} 没有适用的${AREA_LABEL[area]}低保标准（${earliest}）`);
  }
  return best;
}

/** 特困 amounts of a standard row, failing clearly when the area has none published. */
export function tekunAmounts(row: StandardRow): {
  basic: number;
  care: Record<'full' | 'half' | 'self', number>;
} {
  if (row.tekunBasic === null || row.careFull === null || row.careHalf === null) {
    throw new StandardNotFoundError(
      `${AREA_LABEL[row.area]}特困人员基本生活标准或照料护理标准未录入（自 ${row.effectiveFrom} 起），无法计算`,
    );
  }
  return {
    basic: row.tekunBasic,
    // '–' in the published table before 2020-09: no 全自理 care subsidy.
    care: { full: row.careFull, half: row.careHalf, self: row.careSelf ?? 0 },
  };
}
