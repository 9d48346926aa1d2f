/**
 * zeebe:ioMapping. Inputs are evaluated in order against the variables visible to the element
 * (earlier inputs visible to later ones) and become local variables of the element instance.
 * Outputs are evaluated against the element's scope and produce a document that is propagated
 * into the flow scope. A dotted target (`a.b`) updates one entry of a context variable.
 */
import { evaluateAttribute } from '../feel/feel';
import type { Mapping } from '../model/types';

export function evaluateInputs(
  inputs: Mapping[],
  visible: Record<string, unknown>,
  nowMs: number,
): Record<string, unknown> {
  const locals: Record<string, unknown> = {};
  for (const m of inputs) {
    const context = { ...visible, ...locals };
    const value = evaluateAttribute(m.source, 'any', () => context, nowMs);
    assignTarget(locals, m.target, value, context);
  }
  return locals;
}

export function evaluateOutputs(
  outputs: Mapping[],
  visible: Record<string, unknown>,
  nowMs: number,
): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const m of outputs) {
    const value = evaluateAttribute(m.source, 'any', () => visible, nowMs);
    assignTarget(doc, m.target, value, { ...visible, ...doc });
  }
  return doc;
}

function assignTarget(
  doc: Record<string, unknown>,
  target: string,
  value: unknown,
  context: Record<string, unknown>,
) {
  const path = target.split('.').map((s) => s.trim());
  const root = path[0]!;
  if (path.length === 1) {
    doc[root] = value;
    return;
  }
  const base = context[root];
  const copy: Record<string, unknown> =
    base && typeof base === 'object' && !Array.isArray(base)
      ? structuredClone(base as Record<string, unknown>)
      : {};
  let node = copy;
  for (const part of path.slice(1, -1)) {
    const next = node[part];
    node[part] = next && typeof next === 'object' && !Array.isArray(next) ? next : {};
    node = node[part] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
  doc[root] = copy;
}
