/** Conversions between FEEL values (luxon temporals) and the JSON the engine stores. */
import { DateTime, Duration } from 'luxon';

/** FEEL result → JSON value: date-times become ISO-8601 strings, durations ISO durations. */
export function fromFeel(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (DateTime.isDateTime(value)) return formatDateTime(value);
  if (Duration.isDuration(value)) return value.toISO();
  if (Array.isArray(value)) return value.map(fromFeel);
  if (typeof value === 'function') return null;
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = fromFeel(v);
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

function formatDateTime(value: DateTime): string {
  const zone = value.zone;
  // A date without time from `date("…")` keeps its date form; everything else is a full ISO instant.
  if (
    zone.name === 'UTC' &&
    value.hour === 0 &&
    value.minute === 0 &&
    value.second === 0 &&
    value.millisecond === 0
  ) {
    return value.toUTC().toISO({ suppressMilliseconds: true }) ?? '';
  }
  return value.toISO({ suppressMilliseconds: true }) ?? '';
}
