/**
 * Pagination of the 救助金发放花名册 in TypeScript, so that every page's 小计 is the sum of exactly
 * the rows printed on that page. Chromium cannot compute per-page subtotals itself, so the roster
 * is laid out on a fixed grid: every row is 1, 2 or 3 lines high (fixed heights in document.css;
 * only the name column wraps, break-all), a page holds a fixed number of line units, and each page
 * is its own table with the header row repeated. The renderer then checks that Chromium produced
 * exactly the expected number of pages and that no cell overflowed, so a wrong estimate fails the
 * render instead of printing a wrong subtotal.
 */
import { maskIdNumber } from '../domain/id-number';
import { maskAccount } from './templating';

/** Width of the name column's text, in em of its font (10.5 pt): 24 mm column − 2 mm padding. */
const NAME_COLUMN_EM = 22 / ((10.5 * 25.4) / 72);
/** Line units per page: 225 mm text block − title, meta, header, 小计/合计 and footer rows. */
export const UNITS_PER_PAGE = 25;
const MAX_LINES = 3;

export interface RosterRow {
  name: string;
  idNumber: string;
  householdSize: number;
  category: string;
  amount: number;
  bankAccount: string;
}

export interface RosterInput {
  rows: RosterRow[];
  [key: string]: unknown;
}

/** Estimated width in em: full-width for anything beyond ASCII, a generous 0.6 em for ASCII. */
function widthEm(ch: string): number {
  return ch.codePointAt(0)! < 0x80 ? 0.6 : 1;
}

/** Lines the name needs with break-all wrapping (greedy, character by character). */
export function nameLines(name: string): number {
  let lines = 1;
  let used = 0;
  for (const ch of name) {
    const w = widthEm(ch);
    if (used + w > NAME_COLUMN_EM + 1e-9) {
      lines++;
      used = 0;
    }
    used += w;
  }
  if (lines > MAX_LINES)
    throw new Error(`花名册姓名过长（超过 ${MAX_LINES} 行）：第 ${name.length} 个字符之后无法排版`);
  return lines;
}

/** Sums in fen (integer cents) so that subtotals never drift. */
const fen = (yuanAmount: number) => Math.round(yuanAmount * 100);
/** Money in a roster always shows fen: 980.00, 26011.00. */
const fromFen = (f: number) => (f / 100).toFixed(2);

export interface RosterPage {
  number: number;
  rows: (RosterRow & {
    seq: number;
    lines: number;
    idMasked: string;
    accountMasked: string;
    amountText: string;
  })[];
  subtotal: string;
  subtotalHouseholds: number;
  subtotalPersons: number;
  last: boolean;
}

export function paginateRoster(rows: RosterRow[]): {
  pages: RosterPage[];
  total: string;
  households: number;
  persons: number;
} {
  const pages: RosterPage[] = [];
  let current: RosterPage['rows'] = [];
  let used = 0;
  const flush = () => {
    pages.push({
      number: pages.length + 1,
      rows: current,
      subtotal: fromFen(current.reduce((s, r) => s + fen(r.amount), 0)),
      subtotalHouseholds: current.length,
      subtotalPersons: current.reduce((s, r) => s + r.householdSize, 0),
      last: false,
    });
    current = [];
    used = 0;
  };
  rows.forEach((r, i) => {
    const lines = nameLines(r.name);
    if (used + lines > UNITS_PER_PAGE) flush();
    current.push({
      ...r,
      seq: i + 1,
      lines,
      idMasked: maskIdNumber(r.idNumber),
      // Eight stars and the last four digits: enough to match a payment, too little to misuse.
      accountMasked: `********${maskAccount(r.bankAccount).slice(-4)}`,
      amountText: fromFen(fen(r.amount)),
    });
    used += lines;
  });
  // The last page also carries the 合计 row: one more unit.
  if (used + 1 > UNITS_PER_PAGE && current.length > 1) {
    const moved = current.pop()!;
    flush();
    current.push(moved);
  }
  flush();
  pages[pages.length - 1]!.last = true;
  return {
    pages,
    total: fromFen(rows.reduce((s, r) => s + fen(r.amount), 0)),
    households: rows.length,
    persons: rows.reduce((s, r) => s + r.householdSize, 0),
  };
}

/** The template model of the roster: the validated data plus its pages. */
export function rosterModel<T extends RosterInput>(data: T) {
  const paged = paginateRoster(data.rows);
  return { ...data, ...paged, pageCount: paged.pages.length };
}
