/**
 * Post-processing of Chromium's PDF (an incremental update, pdf-update.ts): document information (title, 文号, case, issuer,
 * date), XMP metadata with the PDF/A-2b identification, an sRGB output intent and a trailer ID.
 *
 * PDF/A-2b is *intended, not validated*: veraPDF is not available here (PDF-NOTES.md "Archival").
 * Ghostscript's PDF/A conversion is not used because it corrupts the text of 〔〕 and drops the
 * tags. What the tests check instead: qpdf --check passes, pdfinfo shows the metadata, the XMP
 * packet carries pdfaid:part=2/conformance=B, every font is embedded (pdffonts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { appendUpdate, objectDict, pdfDate, pdfText, PdfStructureError, readTrailer } from './pdf-update';

const PRODUCER = '救助帮扶审批 (Chromium)';

/** sRGB profile from Debian's colord-data (installed by scripts/setup.sh). */
export const SRGB_PROFILE = '/usr/share/color/icc/colord/sRGB.icc';

export interface PdfMetadata {
  title: string;
  /** 发文机关 */
  issuer: string;
  issuerCode: string;
  /** 发文字号, when the document has one. */
  documentNumber?: string | null;
  caseId?: string | null;
  caseNo?: string | null;
  /** Template name, e.g. grant-notice. */
  documentType: string;
  /** 成文日期 (YYYY-MM-DD). */
  documentDate: string;
  /** SHA-256 of the data the document was rendered from (a PDF cannot contain its own hash). */
  sourceSha256: string;
  generatedAt?: Date;
}

let srgb: Buffer | null = null;
/** The profile, deflated once per process (it is the same 20 KB in every document). */
function srgbProfile(): Buffer {
  srgb ??= deflateSync(readFileSync(SRGB_PROFILE));
  return srgb;
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Our own XMP properties, declared in a PDF/A extension schema as PDF/A requires (ISO 19005-2 §6.6.2.3). */
const JZ_NS = 'urn:jiuzhu:document:1#';
const JZ_PROPERTIES: [string, string][] = [
  ['documentType', 'Template name of the document'],
  ['documentNumber', 'Document number (fawen zihao)'],
  ['issuerCode', 'Administrative code of the issuing office'],
  ['caseId', 'Case identifier'],
  ['caseNo', 'Case number'],
  ['documentDate', 'Date of the document (YYYY-MM-DD)'],
  ['sourceSha256', 'SHA-256 of the data the document was rendered from'],
];

function xmpPacket(m: PdfMetadata, keywords: string, at: string): string {
  const x = xmlEscape;
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"
    xmlns:jz="${JZ_NS}">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>救助帮扶审批 official document</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>${JZ_NS}</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>jz</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq>${JZ_PROPERTIES.map(
      ([name, description]) =>
        `<rdf:li rdf:parseType="Resource"><pdfaProperty:name>${name}</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>${description}</pdfaProperty:description></rdf:li>`,
    ).join('')}</rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${x(m.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${x(m.issuer)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${x(m.documentNumber ?? m.title)}</rdf:li></rdf:Alt></dc:description>
   <xmp:CreateDate>${at}</xmp:CreateDate>
   <xmp:ModifyDate>${at}</xmp:ModifyDate>
   <xmp:MetadataDate>${at}</xmp:MetadataDate>
   <xmp:CreatorTool>救助帮扶审批</xmp:CreatorTool>
   <pdf:Producer>${PRODUCER}</pdf:Producer>
   <pdf:Keywords>${x(keywords)}</pdf:Keywords>
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <jz:documentType>${x(m.documentType)}</jz:documentType>
   <jz:documentNumber>${x(m.documentNumber ?? '')}</jz:documentNumber>
   <jz:issuerCode>${x(m.issuerCode)}</jz:issuerCode>
   <jz:caseId>${x(m.caseId ?? '')}</jz:caseId>
   <jz:caseNo>${x(m.caseNo ?? '')}</jz:caseNo>
   <jz:documentDate>${x(m.documentDate)}</jz:documentDate>
   <jz:sourceSha256>${x(m.sourceSha256)}</jz:sourceSha256>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** XMP dates in UTC, equal to the Info dictionary's D:…Z dates (PDF/A wants them to agree). */
function xmpDate(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/**
 * Adds the metadata to Chromium's PDF as an incremental update: a new Info dictionary, the XMP
 * stream, the sRGB output intent, the catalog pointing at them, and a trailer with an ID.
 */
export async function finishPdf(pdf: Uint8Array, m: PdfMetadata): Promise<{ bytes: Buffer; pages: number }> {
  const src = Buffer.isBuffer(pdf) ? pdf : Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const trailer = readTrailer(src);
  const catalog = objectDict(src, trailer.root);
  const pagesRef = /\/Pages\s+(\d+)\s+0\s+R/.exec(catalog);
  const count = pagesRef ? /\/Count\s+(\d+)/.exec(objectDict(src, Number(pagesRef[1]))) : null;
  if (!count) throw new PdfStructureError('PDF 结构不符合预期：找不到页面树');

  const at = new Date(Math.floor((m.generatedAt ?? new Date()).getTime() / 1000) * 1000);
  const keywords = [m.documentNumber, m.caseNo, m.caseId, m.documentType].filter(Boolean).join('; ');
  // New objects are numbered after the last one; Chromium always writes an Info dictionary.
  const first = trailer.size;
  const infoNum = trailer.info ?? first + 3;
  const [xmpNum, iccNum, intentNum] = [first, first + 1, first + 2];

  const info: [string, string | null | undefined][] = [
    ['Title', m.title],
    ['Author', m.issuer],
    ['Subject', m.documentNumber ?? m.title],
    ['Keywords', keywords],
    ['Creator', '救助帮扶审批'],
    ['Producer', PRODUCER],
    ['DocumentNumber', m.documentNumber],
    ['DocumentType', m.documentType],
    ['DocumentDate', m.documentDate],
    ['IssuerCode', m.issuerCode],
    ['CaseId', m.caseId],
    ['CaseNo', m.caseNo],
    ['SourceSHA256', m.sourceSha256],
  ];
  const infoDict = `<<${info
    .filter(([, v]) => v)
    .map(([k, v]) => `/${k} ${pdfText(v!)}`)
    .join('\n')}\n/CreationDate ${pdfDate(at)}\n/ModDate ${pdfDate(at)}>>`;
  const newCatalog = `${catalog
    .replace(/\/Metadata\s+\d+\s+0\s+R/, '')
    .replace(/\/OutputIntents\s*\[[^\]]*\]/, '')
    .slice(0, -2)}\n/Metadata ${xmpNum} 0 R\n/OutputIntents [${intentNum} 0 R]>>`;
  const id = createHash('md5').update(m.sourceSha256).update(at.toISOString()).digest('hex').toUpperCase();

  const bytes = appendUpdate(
    src,
    trailer,
    [
      { num: infoNum, dict: infoDict },
      {
        num: xmpNum,
        dict: '<</Type /Metadata /Subtype /XML>>',
        stream: Buffer.from(xmpPacket(m, keywords, xmpDate(at)), 'utf8'),
      },
      { num: iccNum, dict: '<</N 3 /Filter /FlateDecode>>', stream: srgbProfile() },
      {
        num: intentNum,
        dict: `<</Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) /DestOutputProfile ${iccNum} 0 R>>`,
      },
      { num: trailer.root, dict: newCatalog },
    ],
    `/ID [<${id}> <${id}>]`,
  );
  return { bytes, pages: Number(count[1]) };
}
