/**
 * Structured JSON logs (pino). Personal data never reaches a log line: known fields are
 * redacted wherever they appear, and callers log ids, not people.
 */
import pino, { type Logger } from 'pino';

export const PERSONAL_FIELDS = [
  'idNumber',
  'phone',
  'bankAccount',
  'password',
  'passwordHash',
  'name',
  'accountHolder',
  'address',
];

export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'jiuzhu', ...bindings },
    redact: {
      paths: [
        ...PERSONAL_FIELDS,
        ...PERSONAL_FIELDS.map((f) => `*.${f}`),
        ...PERSONAL_FIELDS.map((f) => `*.*.${f}`),
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
      ],
      censor: '[已遮蔽]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export type { Logger };
