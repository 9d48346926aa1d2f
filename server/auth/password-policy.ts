/** Rules for passwords users choose, with zh-CN reasons; and temporary passwords for resets. */
import { randomInt } from 'node:crypto';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

/** The reasons a new password is refused (empty when acceptable). */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN) problems.push(`密码至少 ${PASSWORD_MIN} 位`);
  if (password.length > PASSWORD_MAX) problems.push(`密码不能超过 ${PASSWORD_MAX} 位`);
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) problems.push('密码须同时包含字母和数字');
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    problems.push('密码不能包含用户名');
  return problems;
}

/** A one-time password handed out by an administrator; the user must replace it at first sign-in. */
export function temporaryPassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = letters + digits;
  const chars = [letters[randomInt(letters.length)]!, digits[randomInt(digits.length)]!];
  while (chars.length < 14) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
