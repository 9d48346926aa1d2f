/**
 * 会议纪要 of the 一事一议 panel (临时救助, amount above the band ceiling): the meeting form
 * (`meeting` {date, chair, attendees, opinions}), the decided amount and reasons (`panelAmount`,
 * `panelReasons`), the applicant and the situation from the case.
 */
import { num, obj, step, str, yuan, type TemplateBuilder } from './sources';

export const meetingMinutes: TemplateBuilder = ({ facts, vars }) => {
  const m = obj(vars.meeting);
  const names = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const out: Record<string, unknown> = {
    applicant: { name: facts.applicantName, street: facts.streetName, householdSize: facts.householdSize },
  };
  if (str(m.date)) out.heldOn = m.date;
  if (str(m.chair)) out.chair = { name: m.chair };
  const attendees = names(m.attendees);
  if (attendees.length) out.attendees = attendees.map((name) => ({ name }));
  if (Array.isArray(m.opinions))
    out.opinions = m.opinions.map((o) => ({ name: obj(o).member, opinion: obj(o).opinion }));
  const record = step(facts, 'yishiyiyi-meeting');
  if (record?.by) out.recorder = record.by;
  const need = num(vars.requestedAmount);
  const ceiling = num(vars.bandCeiling);
  const situation = [
    facts.reason,
    need !== undefined ? `申请救助金额${yuan(need)}元` : '',
    ceiling !== undefined ? `超出分档救助上限${yuan(ceiling)}元，提交一事一议` : '',
  ].filter(Boolean);
  if (situation.length) out.situation = `${situation.join('；')}。`;
  return out;
};
