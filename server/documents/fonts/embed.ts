/**
 * Per-document font subsets as `@font-face` data URLs. Chromium then embeds only what the document
 * uses, and `page.pdf()` is ~3× faster than with whole system fonts (PDF-NOTES.md).
 *
 * Each face gets only the characters of its role: the 小标宋 face (the large Noto Serif Bold)
 * only the text of the 发文机关标志 and titles, 黑体 the headings and table heads, 宋体 the page
 * numbers, 仿宋 everything. Every CSS stack ends with 仿宋 and the fallback face, so a character
 * missing from a role's subset still prints in one of our fonts, never in a system font.
 */
import { readFileSync } from 'node:fs';
import { coverageFile, ensureFonts, fontFile } from './prepare';
import { FACES, face, faceVariables, type Face, type FaceName } from './faces';
import { SubsettableFont } from './subsetter';

interface LoadedFace {
  face: Face;
  font: SubsettableFont;
  /** Sorted [first, last] code point ranges the face covers. */
  ranges: [number, number][];
}

function covers(ranges: [number, number][], cp: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Default-ignorable characters (zero width, word joiner): drawn by no font, needed by none. */
const IGNORABLE = /[\u200B-\u200F\u2060-\u2064\uFEFF]/;

/** Characters the page-number margin boxes print (they are not in the HTML body). */
const PAGE_NUMBER_CHARS = '— 0123456789';

/**
 * Elements of each role, as templates/document.css styles them (keep the two in step; a miss only
 * means the characters print in 仿宋, which the tests would show as a missing role font).
 */
const ROLE_ELEMENTS: Partial<Record<FaceName, RegExp[]>> = {
  title: [/<(div|h1)\b[^>]*class="[^"]*\b(?:mark|title)\b[^"]*"[^>]*>([\s\S]*?)<\/\1>/g],
  hei: [
    /<(h2|th)\b[^>]*>([\s\S]*?)<\/\1>/g,
    /<(td|tr)\b[^>]*class="[^"]*\b(?:label|subtotal|total)\b[^"]*"[^>]*>([\s\S]*?)<\/\1>/g,
  ],
  kai: [/<(h3)\b[^>]*>([\s\S]*?)<\/\1>/g],
};

const decode = (s: string) =>
  s
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#x27|#x60|#x3D|#8203);/g, (_m, e: string) =>
      e === '#8203'
        ? ''
        : { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#x60': '`', '#x3D': '=' }[e]!,
    );

/** The visible text of an HTML fragment (tags removed, entities decoded). */
export const visibleText = decode;

function roleText(html: string, patterns: RegExp[]): string {
  let out = '';
  for (const re of patterns) for (const m of html.matchAll(re)) out += decode(m[2]!);
  return out;
}

const codePoints = (s: string) => new Set([...s].map((c) => c.codePointAt(0)!).filter((cp) => cp >= 0x20));

export class FontSet {
  private constructor(private readonly faces: Map<FaceName, LoadedFace>) {}

  static async load(dir?: string): Promise<FontSet> {
    const ready = await ensureFonts(dir);
    const faces = new Map<FaceName, LoadedFace>();
    for (const f of FACES) {
      const cov = JSON.parse(readFileSync(coverageFile(ready, f), 'utf8')) as { ranges: [number, number][] };
      faces.set(f.name, {
        face: f,
        font: await SubsettableFont.load(readFileSync(fontFile(ready, f))),
        ranges: cov.ranges,
      });
    }
    return new FontSet(faces);
  }

  /** True when `ch` is covered by the named face. */
  covers(name: FaceName, ch: string): boolean {
    return covers(this.faces.get(name)!.ranges, ch.codePointAt(0)!);
  }

  /** Characters no face can draw (the render fails on them instead of printing empty boxes). */
  missing(text: string): string[] {
    const all = [...this.faces.values()];
    return [...new Set(text)].filter(
      (ch) =>
        ch.trim() !== '' && !IGNORABLE.test(ch) && !all.some((f) => covers(f.ranges, ch.codePointAt(0)!)),
    );
  }

  /**
   * The `<style>` content for one document body: one subset per face in use, the role variables,
   * and the page-number margin boxes (GB/T 9704 §7.5: 4号半角宋体 "— 1 —", odd pages right, even
   * pages left, one character in from the text block's edge).
   */
  css(bodyHtml: string, extraText = ''): string {
    const all = codePoints(decode(bodyHtml) + extraText);
    const wanted = new Map<FaceName, Set<number>>([
      ['fang', all],
      ['song', codePoints(PAGE_NUMBER_CHARS)],
    ]);
    for (const [name, patterns] of Object.entries(ROLE_ELEMENTS) as [FaceName, RegExp[]][]) {
      const text = roleText(bodyHtml, patterns) + (name === 'title' ? extraText : '');
      if (text.trim()) wanted.set(name, codePoints(text));
    }
    // The fallback face draws what the face of a role lacks.
    const fallback = new Set<number>();
    for (const [name, cps] of wanted) {
      const ranges = this.faces.get(name)!.ranges;
      for (const cp of cps) if (!covers(ranges, cp)) fallback.add(cp);
    }
    const fb = this.faces.get('fallback')!;
    wanted.set('fallback', new Set([...fallback].filter((cp) => covers(fb.ranges, cp))));

    const rules: string[] = [];
    for (const [name, cps] of wanted) {
      const f = this.faces.get(name)!;
      const own = [...cps].filter((cp) => covers(f.ranges, cp));
      if (own.length === 0) continue;
      const data = f.font.subset(own).toString('base64');
      rules.push(
        `@font-face { font-family: "${f.face.family}"; src: url(data:font/ttf;base64,${data}) format("truetype"); font-display: block; }`,
      );
    }
    const pn = `font-family: "${face('song').family}"; font-size: 14pt; letter-spacing: 0; vertical-align: top; padding-top: 7mm;`;
    rules.push(
      faceVariables(),
      `@page :right { @bottom-right { content: "— " counter(page) " —"; text-align: right; padding-right: 1em; ${pn} } }`,
      `@page :left { @bottom-left { content: "— " counter(page) " —"; text-align: left; padding-left: 1em; ${pn} } }`,
    );
    return rules.join('\n');
  }
}
