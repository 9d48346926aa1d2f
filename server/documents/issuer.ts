/**
 * 发文机关 of a document: the district's 民政局 or the 街道办事处 / 镇人民政府, with the names as
 * printed in the 发文机关标志 and the 机关代字 of its 发文字号.
 */
import { issuerPrefix } from './archive/numbering';
import type { IssuerLevel } from './catalog';

export interface Issuer {
  code: string;
  name: string;
  prefix: string;
  /** Office and phone printed on notices and decisions (联系单位、联系电话); null when not set up. */
  contact: { office: string; phone: string } | null;
}

interface District {
  code: string;
  name: string;
  shortName: string;
  contactOffice?: string | null;
  contactPhone?: string | null;
}
interface Street {
  code: string;
  name: string;
  contactOffice?: string | null;
  contactPhone?: string | null;
}

function contactOf(office: string | null | undefined, fallback: string, phone: string | null | undefined) {
  return phone ? { office: office || fallback, phone } : null;
}

/** 渝北区 → 重庆市渝北区民政局; 双龙湖街道 → 重庆市渝北区双龙湖街道办事处; XX镇 → 重庆市渝北区XX镇人民政府. */
export function issuerOf(level: IssuerLevel, district: District, street: Street): Issuer {
  if (level === 'district') {
    return {
      code: district.code,
      name: `重庆市${district.name}民政局`,
      prefix: issuerPrefix(district.shortName),
      contact: contactOf(district.contactOffice, `${district.name}民政局`, district.contactPhone),
    };
  }
  const office = /街道$/.test(street.name)
    ? `${street.name}办事处`
    : /[镇乡]$/.test(street.name)
      ? `${street.name}人民政府`
      : street.name;
  return {
    code: street.code,
    name: `重庆市${district.name}${office}`,
    prefix: issuerPrefix(district.shortName, street.name),
    contact: contactOf(street.contactOffice, office, street.contactPhone),
  };
}

/** Default remedies for district decisions (行政复议法 §24: the county government reviews its departments). */
export function defaultRemedies(district: District): { reviewBody: string; court: string } {
  return { reviewBody: `重庆市${district.name}人民政府`, court: `重庆市${district.name}人民法院` };
}
