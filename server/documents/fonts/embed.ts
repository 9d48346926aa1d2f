/**
 * Per-document font subsets as `@font-face` data URLs. Chromium then embeds only what the document
 * uses, and `page.pdf()` is ~3× faster than with whole system fonts (PDF-NOTES.md). Characters the
 * Fandol faces lack go to the fallback face only.
 */
import { readFileSync } from 'node:fs';
import subsetFont from 'subset-font';
import { coverageFile, ensureFonts, fontFile } from './prepare';
import { FACES, face, faceVariables, type Face } from './faces';

interface LoadedFace {
  face: Face;
  data: Buffer;
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

/** Characters the page-number margin boxes print (they are not in the HTML body). */
const PAGE_NUMBER_CHARS = '— 0123456789';

export class FontSet {
  private constructor(private readonly faces: Map<string, LoadedFace>) {}

  static async load(dir?: string): Promise<FontSet> {
    const ready = await ensureFonts(dir);
    const faces = new Map<string, LoadedFace>();
    for (const f of FACES) {
      const cov = JSON.parse(readFileSync(coverageFile(ready, f), 'utf8')) as { ranges: [number, number][] };
      faces.set(f.name, { face: f, data: readFileSync(fontFile(ready, f)), ranges: cov.ranges });
    }
    return new FontSet(faces);
  }

  /** True when `ch` is covered by the named face (for tests and diagnostics). */
  covers(name: Face['name'], ch: string): boolean {
    return covers(this.faces.get(name)!.ranges, ch.codePointAt(0)!);
  }

  /** Characters no face can draw (the render fails on them instead of printing tofu). */
  missing(text: string): string[] {
    const all = [...this.faces.values()];
    return [...new Set(text)].filter(
      (ch) => ch.trim() !== '' && !all.some((f) => covers(f.ranges, ch.codePointAt(0)!)),
    );
  }

  /**
   * The `<style>` content for one document: a subset of every face for the characters of `text`,
   * the role variables, and the page-number margin boxes (GB/T 9704 §7.5: 4号半角宋体, "— 1 —",
   * odd pages right, even pages left, one character in from the text block's edge).
   */
  async css(text: string): Promise<string> {
    const chars = [...new Set(text + PAGE_NUMBER_CHARS)].filter((c) => c >= ' ');
    const fallback = this.faces.get('fallback')!;
    const primaries = [...this.faces.values()].filter((f) => f.face.name !== 'fallback');
    const rules = await Promise.all(
      [...this.faces.values()].map(async (f) => {
        let wanted: string[];
        if (f === fallback) {
          // Only what some primary face lacks.
          wanted = chars.filter(
            (c) =>
              !primaries.every((p) => covers(p.ranges, c.codePointAt(0)!)) &&
              covers(f.ranges, c.codePointAt(0)!),
          );
        } else {
          wanted = chars.filter((c) => covers(f.ranges, c.codePointAt(0)!));
        }
        if (wanted.length === 0) return '';
        const sub = await subsetFont(f.data, wanted.join(''), { targetFormat: 'sfnt', noHinting: true });
        return `@font-face { font-family: "${f.face.family}"; src: url(data:font/ttf;base64,${sub.toString('base64')}) format("truetype"); font-display: block; }`;
      }),
    );
    const pn = `font-family: "${face('song').family}"; font-size: 14pt; letter-spacing: 0; vertical-align: top; padding-top: 7mm;`;
    const pageNumbers = [
      `@page :right { @bottom-right { content: "— " counter(page) " —"; text-align: right; padding-right: 1em; ${pn} } }`,
      `@page :left { @bottom-left { content: "— " counter(page) " —"; text-align: left; padding-left: 1em; ${pn} } }`,
    ];
    return [...rules.filter(Boolean), faceVariables(), ...pageNumbers].join('\n');
  }
}
