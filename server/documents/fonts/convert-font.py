#!/usr/bin/python3
"""Prepares one CJK font for embedding by Chromium (run once per face by prepare-fonts.ts).

  convert-font.py <source .otf/.ttc> <face name in a collection or ""> <out .ttf> <out .json> [family]

- keeps only the Unicode ranges official documents use (Latin, punctuation, CJK, full-width forms),
  which makes the 65k-glyph Noto faces manageable;
- drops cmap entries of Kangxi radicals / CJK radicals / compatibility ideographs that point at the
  glyph of an ordinary character (Fandol maps U+2F63 ⽣ and U+751F 生 to one glyph; Chromium's
  ToUnicode map then says ⽣ and pdftotext extracts the wrong character);
- converts CFF outlines to TrueType (cu2qu), so Chromium embeds a CID TrueType font instead of a
  Type 3 font (PDF-NOTES.md "Fonts");
- writes the covered code points as ranges to the JSON file (for fallback splitting).
"""
import json
import sys

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

KEEP_RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x024F), (0x02C6, 0x02DD), (0x0391, 0x03C9), (0x0401, 0x0451),
    (0x2000, 0x206F), (0x2100, 0x218F), (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF),
    (0x2500, 0x257F), (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x3000, 0x303F), (0x3200, 0x33FF),
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x2FFFF),
]
# Radicals and compatibility ideographs whose glyph is shared with an ordinary character.
ALIAS_RANGES = [(0x2E80, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]


def in_ranges(cp, ranges):
    return any(lo <= cp <= hi for lo, hi in ranges)


def subset_font(font):
    cmap = font.getBestCmap()
    unicodes = [cp for cp in cmap if in_ranges(cp, KEEP_RANGES)]
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False
    options.drop_tables += ["VORG", "vhea", "vmtx", "BASE", "DSIG"]
    sub = subset.Subsetter(options)
    sub.populate(unicodes=unicodes)
    sub.subset(font)


def drop_alias_cmap_entries(font):
    for table in font["cmap"].tables:
        if not table.isUnicode():
            continue
        ordinary = {g for cp, g in table.cmap.items() if not in_ranges(cp, ALIAS_RANGES)}
        for cp in [cp for cp, g in table.cmap.items() if in_ranges(cp, ALIAS_RANGES) and g in ordinary]:
            del table.cmap[cp]


def cff_to_truetype(font):
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(tt_pen, 1.0, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name in glyph_order:
        glyph = glyf[name]
        advance, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (advance, glyph.xMin if hasattr(glyph, "xMin") else 0)
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones",):
        setattr(maxp, attr, 1)
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def ranges_of(cps):
    out, start, prev = [], None, None
    for cp in sorted(cps):
        if start is None:
            start = prev = cp
        elif cp == prev + 1:
            prev = cp
        else:
            out.append([start, prev])
            start = prev = cp
    if start is not None:
        out.append([start, prev])
    return out


def set_family(font, family):
    # A family name of our own, so the CSS never picks an installed system font by accident.
    for rec in font["name"].names:
        if rec.nameID in (1, 4, 16):
            rec.string = family
        elif rec.nameID == 6:
            rec.string = family.replace(" ", "-")
    font["name"].names = [r for r in font["name"].names if r.nameID not in (17, 18)]


def collection_index(src, face):
    """The index of the face whose family name starts with `face` in a .ttc ("" = not a collection)."""
    if not face:
        return -1
    for i, f in enumerate(TTCollection(src).fonts):
        if f["name"].getDebugName(1).startswith(face):
            return i
    raise SystemExit(f"{src}: no face named {face}")


def main():
    src, face, out_ttf, out_json = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    family = sys.argv[5] if len(sys.argv) > 5 else None
    font = TTFont(src, fontNumber=collection_index(src, face), lazy=False)
    subset_font(font)
    drop_alias_cmap_entries(font)
    if "CFF " in font:
        cff_to_truetype(font)
    if family:
        set_family(font, family)
    font.save(out_ttf)
    cps = TTFont(out_ttf).getBestCmap().keys()
    with open(out_json, "w") as f:
        json.dump({"ranges": ranges_of(cps), "unitsPerEm": font["head"].unitsPerEm}, f)


if __name__ == "__main__":
    main()
