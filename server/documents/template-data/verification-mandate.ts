/**
 * 家庭经济状况核查认定委托书 (57号 §17): the 街道 entrusts the district's 核查认定中心 with 核对 of
 * the household's income and property, on the 核查授权书 the family signed (57号 §9); the centre
 * starts within 3 working days.
 */
import type { TemplateBuilder } from './sources';

export const verificationMandate: TemplateBuilder = ({ facts, settings }) => {
  const out: Record<string, unknown> = {};
  if (settings.verificationAgency)
    out.agency = settings.verificationAgency.replaceAll('{district}', `重庆市${facts.districtName}`);
  if (settings.verificationItems?.length) out.items = settings.verificationItems;
  // 57号 §9: the 核查授权书 is one of the application materials; the day it was received.
  const auth = facts.materials.find((m) => m.kind === 'verification_authorization' && m.received);
  const signedOn = auth?.receivedOn ?? (auth ? facts.appliedOn : undefined);
  if (signedOn) out.authorizationSignedOn = signedOn;
  return out;
};
