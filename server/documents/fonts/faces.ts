/**
 * The one place that maps the faces of GB/T 9704-2012 to font files. Replace a source here (for
 * instance with licensed 方正 fonts) and every template follows: the stylesheet only uses the
 * CSS variables emitted by `faceVariables()`.
 *
 * Free stand-ins (PDF-NOTES.md "Fonts"): 仿宋 → FandolFang, 宋体 → FandolSong, 楷体 → FandolKai,
 * 黑体 → FandolHei (GPL with font exception, shipped in Debian's texlive-lang-chinese);
 * 小标宋 → Noto Serif CJK SC Bold; characters Fandol lacks (堃 喆 昇 赟 珺 …) → Noto Serif CJK SC.
 */
export type FaceName = 'fang' | 'song' | 'songBold' | 'kai' | 'hei' | 'title' | 'fallback';

export interface FaceSource {
  /** Where the file comes from: the Fandol package (extracted) or an installed system font. */
  origin: 'fandol' | 'system';
  /** File name inside the Fandol folder, or an absolute path of a system font. */
  file: string;
  /** Face inside a collection (.ttc): a name to match, e.g. "Noto Serif CJK SC". */
  collectionFace?: string;
}

export interface Face {
  name: FaceName;
  /** Our own family name (never an installed font's), so nothing resolves to a system font. */
  family: string;
  source: FaceSource;
}

const NOTO = '/usr/share/fonts/opentype/noto';

export const FACES: readonly Face[] = [
  { name: 'fang', family: 'JZ Fang', source: { origin: 'fandol', file: 'FandolFang-Regular.otf' } },
  { name: 'song', family: 'JZ Song', source: { origin: 'fandol', file: 'FandolSong-Regular.otf' } },
  // FandolSong-Bold declares weight 400: it is named as its own family, never selected by weight.
  { name: 'songBold', family: 'JZ Song Bold', source: { origin: 'fandol', file: 'FandolSong-Bold.otf' } },
  { name: 'kai', family: 'JZ Kai', source: { origin: 'fandol', file: 'FandolKai-Regular.otf' } },
  { name: 'hei', family: 'JZ Hei', source: { origin: 'fandol', file: 'FandolHei-Regular.otf' } },
  {
    name: 'title',
    family: 'JZ Title',
    source: { origin: 'system', file: `${NOTO}/NotoSerifCJK-Bold.ttc`, collectionFace: 'Noto Serif CJK SC' },
  },
  {
    name: 'fallback',
    family: 'JZ Fallback',
    source: {
      origin: 'system',
      file: `${NOTO}/NotoSerifCJK-Regular.ttc`,
      collectionFace: 'Noto Serif CJK SC',
    },
  },
];

/** The CSS font stacks of the stylesheet: each role's face, then the fallback for rare characters. */
export const ROLES = {
  /** 正文: 3号仿宋 */
  body: 'fang',
  /** 标题 and 发文机关标志: 小标宋 */
  title: 'title',
  /** 一级标题 "一、": 黑体 */
  heading: 'hei',
  /** 二级标题 "（一）": 楷体 */
  subheading: 'kai',
  /** 页码: 4号半角宋体 */
  pageNumber: 'song',
  /** 表格中的强调 */
  strong: 'songBold',
} as const satisfies Record<string, FaceName>;

export function face(name: FaceName): Face {
  const f = FACES.find((x) => x.name === name);
  if (!f) throw new Error(`未知字体：${name}`);
  return f;
}

/**
 * `:root { --font-body: "JZ Fang", "JZ Fallback"; … }` for the stylesheet. Every stack ends with
 * 仿宋 and the fallback face, which together carry every character of the document.
 */
export function faceVariables(): string {
  const tail = [face('fang').family, face('fallback').family];
  const vars = Object.entries(ROLES).map(([role, name]) => {
    const stack = [...new Set([face(name).family, ...tail])];
    return `--font-${role}: ${stack.map((f) => `"${f}"`).join(', ')};`;
  });
  return `:root { ${vars.join(' ')} }`;
}
