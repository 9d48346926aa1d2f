/**
 * Which materials an application needs (DOMAIN.md 低保 step 1, 57号 §7–10, 43号, 民发〔2018〕23号)
 * and the 补正材料一次性告知 text that lists everything missing at once (57号 §10, 条例 §17).
 * Pure: the routes store the resulting checklist per case, so a later change of this catalogue
 * does not rewrite the checklists of cases already registered.
 */
export type CaseTypeKey = 'dibao' | 'tekun' | 'linshi';
export type LinshiKind = 'emergency' | 'expense';

export const MATERIALS = {
  application_form: '书面申请书',
  id_documents: '家庭成员身份证、户口簿',
  verification_authorization: '家庭经济状况核查授权书',
  income_proof: '家庭收入证明材料',
  property_proof: '家庭财产状况证明材料',
  expense_proof: '刚性支出（医疗、教育等）证明材料',
  hardship_proof: '突发事件或意外事故证明材料',
  commitment_letter: '承诺书',
  entrustment: '委托手续（委托书及受托人身份证明）',
} as const;

export type MaterialKind = keyof typeof MATERIALS;

export const MATERIAL_KINDS = Object.keys(MATERIALS) as [MaterialKind, ...MaterialKind[]];

/** The checklist for a new application, in the order the 一次性告知 lists it. */
export function requiredMaterials(
  type: CaseTypeKey,
  opts: { linshiKind?: LinshiKind | undefined; entrusted: boolean },
): MaterialKind[] {
  const kinds: MaterialKind[] = ['application_form', 'id_documents'];
  if (type === 'linshi' && opts.linshiKind === 'emergency') {
    // 急难型: 先行救助, no 核对; the papers proving the event are completed afterwards (23号).
    kinds.push('hardship_proof');
  } else {
    // 低保 / 特困 / 支出型临时救助: consent to the economic-status check and the proofs (57号 §9).
    kinds.push('verification_authorization', 'income_proof', 'property_proof');
    if (type === 'linshi') kinds.push('expense_proof');
  }
  kinds.push('commitment_letter');
  // 委托申请 needs a 委托手续 record (DOMAIN.md Roles).
  if (opts.entrusted) kinds.push('entrustment');
  return kinds;
}

export interface ChecklistItem {
  kind: string;
  received: boolean;
}

/** 补正材料一次性告知: every missing item at once, or null when the materials are complete. */
export function oneTimeNotice(caseNo: string, items: ChecklistItem[]): string | null {
  const missing = items.filter((i) => !i.received);
  if (missing.length === 0) return null;
  const lines = missing.map((m, i) => `${i + 1}. ${MATERIALS[m.kind as MaterialKind] ?? m.kind}`);
  return [
    `案件 ${caseNo} 的申请材料不齐全。根据《最低生活保障审核确认办法》第十条，现一次性告知需补齐的全部材料：`,
    ...lines,
    '请补齐上述材料后再行提交。',
  ].join('\n');
}
