/**
 * 补正材料一次性告知书 (57号 §10, 条例 §17): every missing material at once — the kinds the 受理审查
 * form ticked (`missingMaterials`), else the checklist items not yet received.
 */
import { MATERIALS, type MaterialKind } from '../../api/cases/materials-catalogue';
import type { TemplateBuilder } from './sources';

const label = (kind: string) => MATERIALS[kind as MaterialKind] ?? kind;

export const supplementNotice: TemplateBuilder = ({ facts, vars }) => {
  const ticked = Array.isArray(vars.missingMaterials)
    ? vars.missingMaterials.filter((k): k is string => typeof k === 'string')
    : [];
  const kinds = ticked.length ? ticked : facts.materials.filter((m) => !m.received).map((m) => m.kind);
  return kinds.length ? { missing: kinds.map((k) => ({ item: label(k) })) } : {};
};
