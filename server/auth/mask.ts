/**
 * Masking of personal data (身份证号, phone, bank account) for lists, exports, logs and 公示
 * (57号 §24: 公示 shows no unrelated personal data).
 */
import { maskIdNumber } from '../domain/id-number';

export { maskIdNumber };

/** 138****5678; landlines keep their last 4. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  return phone.length <= 4 ? '*'.repeat(phone.length) : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** ************1234 */
export function maskBankAccount(account: string | null | undefined): string | null {
  if (!account) return null;
  return account.length <= 4
    ? '*'.repeat(account.length)
    : `${'*'.repeat(account.length - 4)}${account.slice(-4)}`;
}
