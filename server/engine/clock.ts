/**
 * The engine's clock. Every due date, deadline and timestamp the engine produces comes from here,
 * so tests (and Camunda's `/clock` endpoint) can pin time and move it instead of waiting.
 */
import { EventEmitter } from 'node:events';

export class EngineClock extends EventEmitter {
  private pinnedAt: number | null = null;

  /** Milliseconds since the epoch: the pinned instant, or the system time. */
  now(): number {
    return this.pinnedAt ?? Date.now();
  }

  date(): Date {
    return new Date(this.now());
  }

  get pinned(): boolean {
    return this.pinnedAt !== null;
  }

  /** Pins the clock; listeners re-evaluate due timers, job deadlines and back-offs. */
  pin(epochMillis: number): void {
    this.pinnedAt = epochMillis;
    this.emit('change');
  }

  reset(): void {
    this.pinnedAt = null;
    this.emit('change');
  }
}

/** ISO-8601 UTC with milliseconds and a trailing Z: the only date-time form the v2 API returns. */
export function iso(ms: number | Date): string {
  return new Date(ms).toISOString();
}
