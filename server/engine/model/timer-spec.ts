/**
 * Zeebe timer values: ISO-8601 durations (`P7D`), date-times (`2025-03-01T09:00:00+08:00`),
 * repeating intervals (`R/P1M`, `R3/PT1H`, `R/2025-01-01T00:00:00Z/P1M`) and Spring-style cron
 * expressions (`0 0 8 1 * ?`) for cycles. Due dates are computed from the engine clock.
 */
import { DateTime, Duration } from 'luxon';
import { nextCron } from './cron';

export interface Schedule {
  due: number;
  /** Remaining firings including this one; -1 = forever. */
  repetitions: number;
  /** How the next due date is computed: an ISO duration or a cron expression. */
  cycle: string | null;
}

export class TimerValueError extends Error {}

export function parseDuration(text: string): Duration {
  const d = Duration.fromISO(text.trim());
  if (!d.isValid) throw new TimerValueError(`Invalid duration format '${text}' for timer`);
  return d;
}

export function parseDate(text: string): number {
  const d = DateTime.fromISO(text.trim(), { setZone: true, zone: 'utc' });
  if (!d.isValid) throw new TimerValueError(`Invalid date-time format '${text}' for timer`);
  return d.toMillis();
}

export const addDuration = (from: number, duration: string) =>
  DateTime.fromMillis(from, { zone: 'utc' }).plus(parseDuration(duration)).toMillis();

export function scheduleOf(
  kind: 'timeDuration' | 'timeDate' | 'timeCycle',
  value: string,
  now: number,
): Schedule {
  switch (kind) {
    case 'timeDuration':
      return { due: addDuration(now, value), repetitions: 1, cycle: null };
    case 'timeDate':
      return { due: parseDate(value), repetitions: 1, cycle: null };
    case 'timeCycle':
      return cycleOf(value, now);
  }
}

function cycleOf(value: string, now: number): Schedule {
  const text = value.trim();
  if (!text.startsWith('R')) {
    const due = nextCron(text, now);
    return { due, repetitions: -1, cycle: `cron:${text}` };
  }
  const parts = text.split('/');
  const count = parts[0]!.slice(1);
  const repetitions = count === '' ? -1 : Number(count);
  if (!Number.isInteger(repetitions) || repetitions < -1) {
    throw new TimerValueError(`Invalid repetition count in timer cycle '${text}'`);
  }
  if (parts.length === 2) {
    return { due: addDuration(now, parts[1]!), repetitions, cycle: parts[1]! };
  }
  if (parts.length === 3) {
    const start = parseDate(parts[1]!);
    parseDuration(parts[2]!);
    return { due: start, repetitions, cycle: parts[2]! };
  }
  throw new TimerValueError(`Invalid timer cycle '${text}'`);
}

/** The due date after `previousDue` for a cycling timer. */
export function nextDue(cycle: string, previousDue: number): number {
  if (cycle.startsWith('cron:')) return nextCron(cycle.slice(5), previousDue);
  return addDuration(previousDue, cycle);
}
