/**
 * 公民身份号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence, check
 * character (ISO 7064 MOD 11-2). Pure; used by the API to validate members as they are entered.
 */

/** Province-level codes of GB/T 2260 (first two digits of the address code). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82, 83, 91,
]);
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdNumberResult =
  | { ok: true; idNumber: string; birthDate: string; sex: 'male' | 'female'; regionCode: string }
  | { ok: false; reason: string };

/** The check character for the first 17 digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Validates a 身份证号; `today` bounds the birth date (no births in the future). */
export function parseIdNumber(input: string, today: Date = new Date()): IdNumberResult {
  const id = input.trim().toUpperCase();
  if (id.length !== 18) return { ok: false, reason: '身份证号应为 18 位' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: '身份证号前 17 位应为数字，最后一位为数字或 X' };
  if (!PROVINCES.has(Number(id.slice(0, 2)))) return { ok: false, reason: '身份证号的地址码不存在' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  const valid = birth.getUTCFullYear() === y && birth.getUTCMonth() === m - 1 && birth.getUTCDate() === d;
  if (!valid || y < 1880) return { ok: false, reason: '身份证号中的出生日期无效' };
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  if (birth.getTime() > todayUtc) return { ok: false, reason: '身份证号中的出生日期晚于今天' };
  if (checkCharacter(id.slice(0, 17)) !== id[17]) return { ok: false, reason: '身份证号校验位不正确' };
  return {
    ok: true,
    idNumber: id,
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    regionCode: id.slice(0, 6),
  };
}

/** Age in whole years on `on` (a YYYY-MM-DD date or a YYYY-MM month, taken as its first day). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d = 1] = on.split('-').map(Number) as [number, number, number?];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** 510102********1234 style: keeps region (first 6) and last 4; used in lists, logs and 公示. */
export function maskIdNumber(id: string): string {
  return id.length < 10
    ? '*'.repeat(id.length)
    : `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/**
 * Age in whole years reached within `month` (YYYY-MM): a person whose birthday falls in the month
 * counts at the new age for the whole month ("年满 70 周岁的当月"). All monthly age rules use this one
 * reference so they agree with each other (分类重点救助 70+, 特困 ≥60 / <16, 学龄前).
 */
export function ageInMonth(birthDate: string, month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return ageOn(birthDate, `${month}-${String(lastDay).padStart(2, '0')}`);
}
