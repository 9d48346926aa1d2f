/** Reads the zeebe:* extension elements of a moddle element into plain values. */

export interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  [key: string]: unknown;
}

export function extensionValues(el: ModdleElement): ModdleElement[] {
  const ext = el.extensionElements as { values?: ModdleElement[] } | undefined;
  return ext?.values ?? [];
}

export function extension(el: ModdleElement, type: string): ModdleElement | undefined {
  return extensionValues(el).find((v) => v.$type === type);
}

export function headers(el: ModdleElement): Record<string, string> {
  const h = extension(el, 'zeebe:TaskHeaders') as { values?: { key?: string; value?: string }[] } | undefined;
  const out: Record<string, string> = {};
  for (const { key, value } of h?.values ?? []) if (key) out[key] = value ?? '';
  return out;
}

export function ioMappings(el: ModdleElement): {
  inputs: { source: string; target: string }[];
  outputs: { source: string; target: string }[];
} {
  const io = extension(el, 'zeebe:IoMapping') as
    { inputParameters?: ModdleElement[]; outputParameters?: ModdleElement[] } | undefined;
  const list = (ps?: ModdleElement[]) =>
    (ps ?? []).map((p) => ({ source: String(p.source ?? '=null'), target: String(p.target ?? '') }));
  return { inputs: list(io?.inputParameters), outputs: list(io?.outputParameters) };
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
