/**
 * Font subsetting with HarfBuzz (harfbuzzjs, the engine subset-font wraps), keeping every face
 * parsed in WebAssembly memory for the life of the process. subset-font copies the whole font
 * (up to 23 MB for the Noto faces) into WebAssembly and parses it again on every call; keeping the
 * face makes a per-document subset cost a few milliseconds.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface HbExports {
  memory: { buffer: ArrayBuffer };
  _initialize(): void;
  malloc(n: number): number;
  free(p: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_set_invert(set: number): void;
}

interface WasmApi {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }>;
}

const HB_MEMORY_MODE_READONLY = 1;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;
const HB_SUBSET_FLAGS_NO_HINTING = 0x1;
const HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE = 0x200;
const DROPPED_TABLES = ['GSUB', 'GPOS', 'GDEF', 'BASE', 'JSTF', 'vhea', 'vmtx', 'VORG', 'DSIG'];
const tagOf = (t: string) => [...t].reduce((a, c) => (a << 8) + c.charCodeAt(0), 0) >>> 0;

let wasmBytes: Buffer | null = null;
/**
 * A fresh HarfBuzz instance. Its memory is fixed at 65 MB, which does not hold all faces (77 MB),
 * so every face gets its own instance; pages nobody touches are not resident.
 */
async function harfbuzz(): Promise<HbExports> {
  wasmBytes ??= readFileSync(createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
  // The TypeScript libraries of this project do not declare WebAssembly; Node has it.
  const wa = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const { instance } = await wa.instantiate(wasmBytes);
  const exports = instance.exports as unknown as HbExports;
  exports._initialize();
  return exports;
}

/** One font, parsed once, that hands out subsets as TrueType (sfnt) bytes. */
export class SubsettableFont {
  private constructor(
    private readonly hb: HbExports,
    private readonly face: number,
  ) {}

  static async load(bytes: Uint8Array): Promise<SubsettableFont> {
    const hb = await harfbuzz();
    const ptr = hb.malloc(bytes.byteLength);
    if (!ptr) throw new Error(`字体过大，无法载入子集化引擎（${bytes.byteLength} 字节）`);
    new Uint8Array(hb.memory.buffer).set(bytes, ptr);
    // The bytes stay in WebAssembly memory for as long as the process runs (never freed).
    const blob = hb.hb_blob_create(ptr, bytes.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
    const face = hb.hb_face_create(blob, 0);
    hb.hb_blob_destroy(blob);
    return new SubsettableFont(hb, face);
  }

  /** A subset with the glyphs of `codePoints` (no layout tables, no hinting). */
  subset(codePoints: Iterable<number>): Buffer {
    const hb = this.hb;
    const input = hb.hb_subset_input_create_or_fail();
    if (!input) throw new Error('字体子集化失败（hb_subset_input_create_or_fail）');
    let subset: number;
    try {
      // Horizontal CJK text with kerning off needs no OpenType layout: dropping GSUB/GPOS/GDEF
      // makes a Noto subset ~10× faster, and Chromium then simply maps characters to glyphs.
      hb.hb_set_clear(hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG));
      const drop = hb.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
      for (const tag of DROPPED_TABLES) hb.hb_set_add(drop, tagOf(tag));
      hb.hb_subset_input_set_flags(
        input,
        hb.hb_subset_input_get_flags(input) | HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE,
      );
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const cp of codePoints) hb.hb_set_add(unicodes, cp);
      subset = hb.hb_subset_or_fail(this.face, input);
    } finally {
      hb.hb_subset_input_destroy(input);
    }
    if (!subset) throw new Error('字体子集化失败（hb_subset_or_fail）');
    const blob = hb.hb_face_reference_blob(subset);
    try {
      const ptr = hb.hb_blob_get_data(blob, 0);
      const length = hb.hb_blob_get_length(blob);
      if (!length) throw new Error('字体子集为空');
      return Buffer.from(new Uint8Array(hb.memory.buffer, ptr, length));
    } finally {
      hb.hb_blob_destroy(blob);
      hb.hb_face_destroy(subset);
    }
  }
}
