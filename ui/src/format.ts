/** Display formats used across pages (dates in China Standard Time, yuan with two decimals). */

const TZ = 'Asia/Shanghai';

/** 2026-11-29 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, dateStyle: 'short' }).format(new Date(iso));
}

/** 2026-11-29 14:05 */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, dateStyle: 'short', timeStyle: 'short' });
  return f.format(d);
}

/** ¥1,234.50 */
export function yuan(v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) return String(v);
  return `¥${n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** The current month in China Standard Time, YYYY-MM. */
export function currentMonth(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, year: 'numeric', month: '2-digit' }).format(now);
}

/** Today in China Standard Time, YYYY-MM-DD. */
export function today(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, dateStyle: 'short' }).format(now);
}
