/**
 * 不予确认通知书 (57号 §21): the reasons the decider wrote (`decisionReasons`, required by the
 * 审核确认 form to refuse) and the rules applied, per kind of assistance.
 */
import { stepOf, str, type TemplateBuilder } from './sources';

/** The rules a refusal rests on (the article that requires the written reasons included). */
export const REFUSAL_BASIS = {
  dibao: '《最低生活保障审核确认办法》第二十一条和《重庆市城乡居民最低生活保障条例》的规定',
  tekun: '《特困人员认定办法》（民发〔2021〕43号）的规定',
  linshi: '《社会救助暂行办法》第四十七条至第五十条和临时救助制度的有关规定',
} as const;

export const refusalNotice: TemplateBuilder = ({ facts, vars }) => {
  const decision = stepOf(facts, 'decision');
  const reasons = str(vars.decisionReasons) ?? str(decision?.reasons);
  return {
    basis: REFUSAL_BASIS[facts.caseType],
    ...(reasons ? { reasons: [reasons] } : {}),
  };
};
