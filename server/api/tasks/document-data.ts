/**
 * What a completed step's form contributes to the official documents that follow it: the
 * generate-document worker builds a document from the case, then `case.data[<template>]`, then the
 * job's variables (server/documents/case-data.ts). Only what the form really collected is written
 * here, in the template's own field names; a field no form collects stays absent, and the
 * template's schema names it when the document is generated.
 */
import { MATERIALS, type MaterialKind } from '../cases/materials-catalogue';

type F = Record<string, unknown>;

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** Template → fields, for the step with form `formKey` (and its process variables `variables`). */
export function documentDataOf(
  formKey: string,
  f: F,
  variables: F,
  /** Who signs the step's opinion, and when (YYYY-MM-DD). */
  signer: { name: string; date: string },
): Record<string, F> {
  switch (formKey) {
    case 'accept':
      // 补正材料一次性告知书 lists every missing item by name (57号 §10).
      return variables.materialsComplete === false
        ? {
            'supplement-notice': {
              missing: (variables.missingMaterials as string[]).map((k) => ({
                item: MATERIALS[k as MaterialKind] ?? k,
              })),
            },
          }
        : {};
    case 'home-visit':
    case 'district-home-visit':
      return {
        'home-visit-record': {
          visitedOn: f.visitDate,
          investigators: f.investigators,
          living: f.livingConditions,
          conclusion: str(f.opinion) ?? f.livingConditions,
        },
      };
    case 'neighbour-visit':
      return { 'home-visit-record': { neighbours: f.summary } };
    case 'community-assessment':
      return {
        'community-assessment-record': {
          heldOn: f.assessedOn,
          summary: f.record,
          conclusion: f.result === 'agree' ? '多数同意' : '多数不同意',
        },
      };
    case 'initial-review':
    case 'street-review': {
      const text =
        str(f.reasons) ??
        (f.proposedAmount !== undefined ? `符合条件，拟救助 ${String(f.proposedAmount)} 元` : undefined);
      return {
        'review-approval-form': {
          ...(text ? { streetOpinion: { opinion: text, name: signer.name, date: signer.date } } : {}),
          ...(typeof f.proposedAmount === 'number' ? { proposedAmount: f.proposedAmount } : {}),
        },
      };
    }
    case 'decision':
      return f.decision === 'grant'
        ? { 'grant-notice': { ...(str(f.startMonth) ? { startMonth: f.startMonth } : {}) } }
        : { 'refusal-notice': { reasons: [f.reasons] } };
    case 'meeting':
      return {
        'meeting-minutes': {
          heldOn: f.meetingDate,
          opinions: (f.opinions as { member: string; opinion: string }[]).map((o) => ({
            name: o.member,
            opinion: o.opinion,
          })),
          decidedAmount: f.decidedAmount,
          reasons: [f.reasons],
        },
      };
    default:
      return {};
  }
}
