/**
 * Next firing of a Spring-style cron expression (`sec min hour day-of-month month day-of-week`,
 * a 5-field form without seconds is accepted too), evaluated in UTC like Zeebe's default.
 * Supports `*`, `?`, lists, ranges, steps and month/day names.
 */
export class CronError extends Error {}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function field(text: string, min: number, max: number, names?: string[], offset = 0): Set<number> {
  const out = new Set<number>();
  const value = (s: string) => {
    const i = names?.indexOf(s.toUpperCase()) ?? -1;
    const n = i >= 0 ? i + offset : Number(s);
    if (!Number.isInteger(n)) throw new CronError(`invalid cron value '${s}'`);
    return n;
  };
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    let lo = min;
    let hi = max;
    if (range !== '*' && range !== '?') {
      const [a, b] = range!.split('-');
      lo = value(a!);
      hi = b !== undefined ? value(b) : stepText ? max : lo;
    }
    if (!(step >= 1) || lo < min || hi > max) throw new CronError(`cron field '${text}' out of range`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export function nextCron(expression: string, after: number): number {
  const parts = expression.trim().split(/\s+/);
  if (parts.length === 5) parts.unshift('0');
  if (parts.length !== 6) throw new CronError(`cron expression '${expression}' needs 6 fields`);
  const [s, mi, h, dom, mo, dow] = parts as [string, string, string, string, string, string];
  const seconds = field(s, 0, 59);
  const minutes = field(mi, 0, 59);
  const hours = field(h, 0, 23);
  const days = field(dom, 1, 31);
  const months = field(mo, 1, 12, MONTHS, 1);
  const weekdays = field(dow.replace(/7/g, '0'), 0, 6, DAYS, 0);
  const anyDom = dom === '*' || dom === '?';
  const anyDow = dow === '*' || dow === '?';
  const t = new Date(Math.floor(after / 1000) * 1000 + 1000);
  const limit = after + 5 * 366 * 86_400_000;
  while (t.getTime() < limit) {
    const dayOk =
      anyDom && anyDow
        ? true
        : anyDow
          ? days.has(t.getUTCDate())
          : anyDom
            ? weekdays.has(t.getUTCDay())
            : days.has(t.getUTCDate()) || weekdays.has(t.getUTCDay());
    if (!months.has(t.getUTCMonth() + 1) || !dayOk) {
      t.setUTCHours(0, 0, 0, 0);
      t.setUTCDate(t.getUTCDate() + 1);
      continue;
    }
    if (!hours.has(t.getUTCHours())) {
      t.setUTCMinutes(0, 0, 0);
      t.setUTCHours(t.getUTCHours() + 1);
      continue;
    }
    if (!minutes.has(t.getUTCMinutes())) {
      t.setUTCSeconds(0, 0);
      t.setUTCMinutes(t.getUTCMinutes() + 1);
      continue;
    }
    if (!seconds.has(t.getUTCSeconds())) {
      t.setUTCSeconds(t.getUTCSeconds() + 1, 0);
      continue;
    }
    return t.getTime();
  }
  throw new CronError(`cron expression '${expression}' never fires`);
}
