/**
 * A PDF incremental update (ISO 32000 §7.5.6) for Chromium's output: new and replaced objects, a
 * cross-reference section and a trailer are appended; the bytes Chromium wrote stay as they are.
 * Parsing and rewriting a whole document with pdf-lib cost more CPU than the rest of the product
 * path together; Chromium (Skia) writes a classic cross-reference table with an uncompressed
 * catalog, which is all this module needs to read.
 */

export interface PdfTrailer {
  size: number;
  root: number;
  info: number | null;
  startxref: number;
}

export class PdfStructureError extends Error {}

export function readTrailer(pdf: Buffer): PdfTrailer {
  const tail = pdf.subarray(Math.max(0, pdf.length - 2048)).toString('latin1');
  const t = tail.lastIndexOf('trailer');
  const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (t < 0 || !sx) throw new PdfStructureError('PDF 结构不符合预期：找不到 trailer / startxref');
  const dict = tail.slice(t);
  const num = (key: string) => {
    const m = new RegExp(`/${key}\\s+(\\d+)(?:\\s+0\\s+R)?`).exec(dict);
    return m ? Number(m[1]) : null;
  };
  const size = num('Size');
  const root = num('Root');
  if (size === null || root === null)
    throw new PdfStructureError('PDF 结构不符合预期：trailer 缺少 /Size 或 /Root');
  return { size, root, info: num('Info'), startxref: Number(sx[1]) };
}

/** The dictionary `<< … >>` of object `num` (its last definition), as text. */
export function objectDict(pdf: Buffer, num: number): string {
  const s = pdf.toString('latin1');
  const head = new RegExp(`(?:^|[\\r\\n])${num} 0 obj\\s*`, 'g');
  let start = -1;
  for (let m = head.exec(s); m; m = head.exec(s)) start = m.index + m[0].length;
  if (start < 0 || !s.startsWith('<<', start))
    throw new PdfStructureError(`PDF 结构不符合预期：找不到对象 ${num}`);
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (c === '(') {
      // Literal string: skip to its closing parenthesis (nested pairs and escapes allowed).
      let nest = 0;
      for (; i < s.length; i++) {
        if (s[i] === '\\') i++;
        else if (s[i] === '(') nest++;
        else if (s[i] === ')' && --nest === 0) break;
      }
    } else if (c === '<' && s[i + 1] === '<') {
      depth++;
      i++;
    } else if (c === '>' && s[i + 1] === '>') {
      depth--;
      i++;
      if (depth === 0) return s.slice(start, i + 1);
    }
  }
  throw new PdfStructureError(`PDF 结构不符合预期：对象 ${num} 的字典不完整`);
}

/** A PDF text string: UTF-16BE with byte order mark, as a hex string. */
export function pdfText(value: string): string {
  const utf16 = Buffer.from(value, 'utf16le').swap16();
  return `<FEFF${utf16.toString('hex').toUpperCase()}>`;
}

/** D:YYYYMMDDHHmmSSZ */
export function pdfDate(d: Date): string {
  return `(D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`;
}

export interface UpdatedObject {
  num: number;
  /** The object's content (a dictionary, array, …); a stream when `stream` is given. */
  dict: string;
  stream?: Buffer;
}

/** Appends `objects` and a new trailer (`/Prev` to the old one) to `pdf`. */
export function appendUpdate(
  pdf: Buffer,
  trailer: PdfTrailer,
  objects: UpdatedObject[],
  extraTrailer: string,
): Buffer {
  const parts: Buffer[] = [pdf];
  let offset = pdf.length;
  const push = (b: Buffer) => {
    parts.push(b);
    offset += b.length;
  };
  if (pdf[pdf.length - 1] !== 0x0a) push(Buffer.from('\n'));
  const offsets = new Map<number, number>();
  for (const o of objects) {
    offsets.set(o.num, offset);
    if (o.stream) {
      const dict = `${o.dict.slice(0, -2)} /Length ${o.stream.length}>>`;
      push(Buffer.from(`${o.num} 0 obj\n${dict}\nstream\n`, 'latin1'));
      push(o.stream);
      push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    } else {
      push(Buffer.from(`${o.num} 0 obj\n${o.dict}\nendobj\n`, 'latin1'));
    }
  }
  const xrefAt = offset;
  const size = Math.max(trailer.size, ...objects.map((o) => o.num + 1));
  const xref = ['xref', '0 1', '0000000000 65535 f\r']
    .concat(
      [...offsets]
        .sort(([a], [b]) => a - b)
        .flatMap(([num, at]) => [`${num} 1`, `${String(at).padStart(10, '0')} 00000 n\r`]),
    )
    .join('\n');
  const info = trailer.info === null ? '' : ` /Info ${trailer.info} 0 R`;
  push(
    Buffer.from(
      `${xref}\ntrailer\n<< /Size ${size} /Root ${trailer.root} 0 R${info} /Prev ${trailer.startxref} ${extraTrailer} >>\nstartxref\n${xrefAt}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}
