/**
 * Prepares the document fonts once: extracts Fandol from Debian's texlive-lang-chinese
 * (`apt-get download` + `dpkg -x`, no TeX install), converts every face with convert-font.py
 * (Debian python3-fonttools) and records a stamp. Called by scripts/setup.sh and lazily by the
 * renderer; quick when the stamp matches. Concurrent callers (jest workers) wait on a lock folder.
 *
 *   node --import tsx server/documents/fonts/prepare.ts [dir]
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../paths';
import { FACES, type Face } from './faces';

const run = promisify(execFile);
const HERE = path.join(ROOT, 'server', 'documents', 'fonts');
const CONVERTER = path.join(HERE, 'convert-font.py');
const PYTHON = '/usr/bin/python3';
/** Where Debian's TeX Live keeps Fandol (used when texlive-lang-chinese happens to be installed). */
const FANDOL_INSTALLED = '/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol';
const FANDOL_IN_DEB = `.${FANDOL_INSTALLED}`;

/**
 * The user's cache (XDG), shared by every checkout on the machine: the fonts derive only from
 * Debian's font packages and the converter (see the stamp), and preparing them takes minutes.
 */
export const DEFAULT_FONT_DIR = path.join(
  process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
  'jiuzhu',
  'fonts',
);

/** Identifies what the prepared files were made from: the converter and the face sources. */
export function fontStamp(): string {
  const h = createHash('sha256');
  h.update(readFileSync(CONVERTER));
  h.update(JSON.stringify(FACES.map((f) => [f.name, f.family, f.source])));
  return h.digest('hex').slice(0, 16);
}

export function fontFile(dir: string, face: Face): string {
  return path.join(dir, `${face.name}.ttf`);
}
export function coverageFile(dir: string, face: Face): string {
  return path.join(dir, `${face.name}.json`);
}

export function fontsReady(dir = DEFAULT_FONT_DIR): boolean {
  try {
    return readFileSync(path.join(dir, '.stamp'), 'utf8').trim() === fontStamp();
  } catch {
    return false;
  }
}

async function fandolFolder(work: string): Promise<string> {
  if (existsSync(path.join(FANDOL_INSTALLED, 'FandolFang-Regular.otf'))) return FANDOL_INSTALLED;
  try {
    await run('apt-get', ['download', 'texlive-lang-chinese'], { cwd: work, maxBuffer: 1 << 24 });
  } catch (err) {
    throw new Error(
      `无法下载 Fandol 字体（apt-get download texlive-lang-chinese 失败）：${(err as Error).message}`,
      { cause: err },
    );
  }
  const deb = readdirSync(work).find((f) => f.startsWith('texlive-lang-chinese') && f.endsWith('.deb'));
  if (!deb) throw new Error('apt-get download 未生成 texlive-lang-chinese 的 .deb 文件');
  const out = path.join(work, 'x');
  await run('dpkg', ['-x', path.join(work, deb), out]);
  return path.join(out, FANDOL_IN_DEB);
}

async function convert(face: Face, fandol: string, dir: string): Promise<void> {
  const src = face.source.origin === 'fandol' ? path.join(fandol, face.source.file) : face.source.file;
  if (!existsSync(src)) throw new Error(`字体文件不存在：${src}（请安装 fonts-noto-cjk）`);
  const args = [
    CONVERTER,
    src,
    face.source.collectionFace ?? '',
    fontFile(dir, face),
    coverageFile(dir, face),
    face.family,
  ];
  try {
    await run(PYTHON, args, { maxBuffer: 1 << 24 });
  } catch (err) {
    throw new Error(`字体转换失败（${face.family}，需要 python3-fonttools）：${(err as Error).message}`, {
      cause: err,
    });
  }
}

async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(dir, '.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 15 minutes belongs to a process that died mid-way.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 15 * 60_000)
        rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Makes sure every face is prepared under `dir`; returns `dir`. Idempotent. */
export async function ensureFonts(
  dir = DEFAULT_FONT_DIR,
  log: (msg: string) => void = () => {},
): Promise<string> {
  if (fontsReady(dir)) return dir;
  mkdirSync(dir, { recursive: true });
  return withLock(dir, async () => {
    if (fontsReady(dir)) return dir;
    const work = mkdtempSync(path.join(os.tmpdir(), 'jiuzhu-fonts-'));
    try {
      log('准备公文字体（Fandol 与 Noto CJK，转换为 TrueType 轮廓，仅需一次）');
      const fandol = await fandolFolder(work);
      // Two conversions at a time: the machine has 2 cores; the Noto faces take the longest.
      const queue = [...FACES].sort(
        (a, b) => (a.source.origin === 'system' ? -1 : 0) - (b.source.origin === 'system' ? -1 : 0),
      );
      const worker = async () => {
        for (let f = queue.shift(); f; f = queue.shift()) {
          const started = Date.now();
          await convert(f, fandol, dir);
          log(`  ${f.family}：${((Date.now() - started) / 1000).toFixed(0)} s`);
        }
      };
      await Promise.all([worker(), worker()]);
      writeFileSync(path.join(dir, '.stamp'), `${fontStamp()}\n`);
      return dir;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(HERE, 'prepare.ts')) {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_FONT_DIR;
  await ensureFonts(dir, (m) => process.stderr.write(`[fonts] ${m}\n`));
}
