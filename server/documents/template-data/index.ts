/**
 * One builder per template: the document's data from the case's real sources (sources.ts). The
 * builders run in documentData (case-data.ts) before the case.data[<template>] record and the
 * job's variables, which still override them.
 */
import { communityAssessmentRecord } from './community-assessment-record';
import { grantNotice } from './grant-notice';
import { homeVisitRecord } from './home-visit-record';
import { meetingMinutes } from './meeting-minutes';
import { publicNotice } from './public-notice';
import { refusalNotice } from './refusal-notice';
import { reviewApprovalForm } from './review-approval-form';
import type { BuilderInput, TemplateBuilder } from './sources';
import { supplementNotice } from './supplement-notice';
import { verificationMandate } from './verification-mandate';

export type { BuilderInput, CaseFacts, DocumentSettings } from './sources';

export const TEMPLATE_DATA: Readonly<Record<string, TemplateBuilder>> = {
  'supplement-notice': supplementNotice,
  'verification-mandate': verificationMandate,
  'home-visit-record': homeVisitRecord,
  'community-assessment-record': communityAssessmentRecord,
  'public-notice': publicNotice,
  'review-approval-form': reviewApprovalForm,
  'grant-notice': grantNotice,
  'refusal-notice': refusalNotice,
  'meeting-minutes': meetingMinutes,
};

export function templateData(template: string, input: BuilderInput): Record<string, unknown> {
  return TEMPLATE_DATA[template]?.(input) ?? {};
}
