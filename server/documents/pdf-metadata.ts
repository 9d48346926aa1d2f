/**
 * Post-processing of Chromium's PDF with pdf-lib: document information (title, 文号, case, issuer,
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
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';

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
   <pdf:Producer>救助帮扶审批 (Chromium, pdf-lib)</pdf:Producer>
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

/** XMP dates carry the local offset like the PDF Info dates pdf-lib writes (UTC here). */
function xmpDate(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

export async function finishPdf(pdf: Uint8Array, m: PdfMetadata): Promise<{ bytes: Buffer; pages: number }> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const at = new Date(Math.floor((m.generatedAt ?? new Date()).getTime() / 1000) * 1000);
  const keywords = [m.documentNumber, m.caseNo, m.caseId, m.documentType].filter(Boolean).join('; ');
  doc.setTitle(m.title, { showInWindowTitleBar: true });
  doc.setAuthor(m.issuer);
  doc.setSubject(m.documentNumber ?? m.title);
  doc.setKeywords(keywords.split('; '));
  doc.setCreator('救助帮扶审批');
  doc.setProducer('救助帮扶审批 (Chromium, pdf-lib)');
  doc.setCreationDate(at);
  doc.setModificationDate(at);
  doc.setLanguage('zh-CN');
  // pdf-lib keeps the Info dictionary private; it is the trailer's /Info entry.
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  const custom: [string, string | null | undefined][] = [
    ['DocumentNumber', m.documentNumber],
    ['DocumentType', m.documentType],
    ['DocumentDate', m.documentDate],
    ['IssuerCode', m.issuerCode],
    ['CaseId', m.caseId],
    ['CaseNo', m.caseNo],
    ['SourceSHA256', m.sourceSha256],
  ];
  for (const [k, v] of custom) if (v) info.set(PDFName.of(k), PDFHexString.fromText(v));

  const ctx = doc.context;
  const xmp = ctx.stream(Buffer.from(xmpPacket(m, keywords, xmpDate(at)), 'utf8'), {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  doc.catalog.set(PDFName.of('Metadata'), ctx.register(xmp));

  const icc = ctx.stream(srgbProfile(), { N: 3, Filter: 'FlateDecode' });
  const intent = ctx.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    DestOutputProfile: ctx.register(icc),
  }) as PDFDict;
  doc.catalog.set(PDFName.of('OutputIntents'), ctx.obj([ctx.register(intent)]) as PDFArray);

  const id = createHash('md5').update(m.sourceSha256).update(at.toISOString()).digest('hex');
  ctx.trailerInfo.ID = ctx.obj([PDFHexString.of(id), PDFHexString.of(id)]);

  const bytes = await doc.save({
    useObjectStreams: false,
    addDefaultPage: false,
    updateFieldAppearances: false,
  });
  return { bytes: Buffer.from(bytes), pages: doc.getPageCount() };
}
