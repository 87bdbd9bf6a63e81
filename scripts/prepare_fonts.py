#!/usr/bin/python3
"""Rebuild jianbao's prepared font set from pinned Debian packages.

    scripts/prepare_fonts.py [--cache DIR] [--out DIR] [--check]

What it does, for each role (see fonts/README.md):
  * fetches the pinned .deb with `apt-get download PKG=VERSION` into the cache folder (default
    build/font-sources) and checks its SHA-256, so a different upstream file can never slip in;
  * CFF fonts (Noto Serif/Sans CJK SC, FandolFang): keeps the repertoire (GBK + ASCII + CJK and
    full-width punctuation + the whole URO block), maps the dash and ellipsis to their full-width
    forms (the font's own `fwid` glyphs: libharu cannot apply OpenType features), drops layout
    tables, hinting and glyph names, converts the cubic CFF outlines to TrueType quadratics
    (cu2qu, max error 1/1000 em) and renames the family (a modified OFL font must not keep its
    reserved name; Noto is also a trademark);
  * LXGW WenKai (TrueType already) is subset and renamed the same way, without conversion;
  * Liberation fonts are copied unmodified;
  * writes fonts/SHA256SUMS.

Every step is deterministic (no timestamps, no hash-order dependence), so the same packages and
the same fontTools give byte-identical files; --check rebuilds into a scratch folder and compares.
Needs python3-fonttools (Debian bookworm: 4.38.0) and apt-get; no TeX Live installation.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

from fontTools import version as fonttools_version
from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

FONTTOOLS_PINNED = "4.38.0"

# Debian bookworm packages, pinned by version and by the SHA-256 of the .deb.
PACKAGES = {
    "fonts-noto-cjk": ("1:20220127+repack1-1",
                       "4a2515eb6db3978b897fef9709ed0d2b1f4c6c4df4d83d6c4ef65f71f1b1f502"),
    "texlive-lang-chinese": ("2022.20230122-1",
                             "9cfa07bd44e7b9098e26f0ecac1b5ad210d2249d474c8074d53de92d650b0ec0"),
    "fonts-lxgw-wenkai": ("1.250+repack-1",
                          "6d1e4c4aac78ad32062aefa2c836ee4d6e58f9dcf8b3f4407c9eefe304615318"),
    "fonts-liberation2": ("2.1.5-1",
                          "35ffaa54f117e633e89a5da89af235a073b34dbe582726fbf6989568f7fd9bda"),
}

NOTO = "usr/share/fonts/opentype/noto/"
FANDOL = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/"

# (output file, package, path in package, face index, new family, style, source description)
PREPARED = [
    ("JianbaoSerifSC-Regular.ttf", "fonts-noto-cjk", NOTO + "NotoSerifCJK-Regular.ttc", 2,
     "Jianbao Serif SC", "Regular", "Noto Serif CJK SC Regular"),
    ("JianbaoSansSC-Regular.ttf", "fonts-noto-cjk", NOTO + "NotoSansCJK-Regular.ttc", 2,
     "Jianbao Sans SC", "Regular", "Noto Sans CJK SC Regular"),
    ("JianbaoSansSC-Bold.ttf", "fonts-noto-cjk", NOTO + "NotoSansCJK-Bold.ttc", 2,
     "Jianbao Sans SC", "Bold", "Noto Sans CJK SC Bold"),
    ("JianbaoFang-Regular.ttf", "texlive-lang-chinese", FANDOL + "FandolFang-Regular.otf", 0,
     "Jianbao Fang", "Regular", "FandolFang Regular"),
    # TrueType already: subset the same way (15.7 MB -> about 6 MB) and so renamed.
    ("JianbaoKai-Regular.ttf", "fonts-lxgw-wenkai",
     "usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0,
     "Jianbao Kai", "Regular", "LXGW WenKai Regular"),
]

COPIED = [
    ("LiberationSerif-Regular.ttf", "fonts-liberation2",
     "usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"),
    ("LiberationSerif-Bold.ttf", "fonts-liberation2",
     "usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"),
    ("LiberationSans-Regular.ttf", "fonts-liberation2",
     "usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
    ("LiberationSans-Bold.ttf", "fonts-liberation2",
     "usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"),
]

# Code points mapped to the font's full-width (`fwid`) glyph when it has one of 1 em.
FULL_WIDTH = [0x2014, 0x2015, 0x2026, 0x2018, 0x2019, 0x201C, 0x201D]


def repertoire():
    """GBK's characters, ASCII, CJK and full-width punctuation, and the whole URO block."""
    cps = set(range(0x20, 0x7F))
    for lead in range(0x81, 0xFF):
        for trail in list(range(0x40, 0x7F)) + list(range(0x80, 0xFF)):
            try:
                text = bytes([lead, trail]).decode("gbk")
            except UnicodeDecodeError:
                continue
            cps.update(ord(c) for c in text)
    ranges = [
        (0x00A0, 0x00FF),  # Latin-1 (× ÷ ° · and friends)
        (0x2010, 0x2027), (0x2030, 0x203B),  # dashes, quotes, ellipsis, per mille, ※
        (0x2100, 0x214F), (0x2160, 0x217F),  # letterlike (℃ №), Roman numerals
        (0x2190, 0x21FF), (0x2460, 0x24FF),  # arrows, circled numbers
        (0x2500, 0x257F), (0x25A0, 0x25FF), (0x2600, 0x26FF),  # box, shapes (○ ● ★)
        (0x3000, 0x303F), (0x3200, 0x32FF),  # CJK punctuation, enclosed CJK
        (0x4E00, 0x9FFF),  # CJK Unified Ideographs
        (0xFE10, 0xFE1F), (0xFE30, 0xFE4F),  # vertical and compatibility forms
        (0xFF00, 0xFFEF),  # half- and full-width forms
    ]
    for lo, hi in ranges:
        cps.update(range(lo, hi + 1))
    cps.discard(0xFFFD)
    return cps


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch(package, cache):
    """The package's extracted tree in the cache, downloaded and checked if needed."""
    version, digest = PACKAGES[package]
    tree = os.path.join(cache, package)
    stamp = os.path.join(tree, ".jianbao-" + digest)
    if os.path.exists(stamp):
        return tree
    os.makedirs(cache, exist_ok=True)
    deb_dir = tempfile.mkdtemp(dir=cache)
    try:
        print(f"fetching {package}={version}", file=sys.stderr)
        subprocess.run(["apt-get", "download", f"{package}={version}"], cwd=deb_dir, check=True,
                       stdout=subprocess.DEVNULL)
        debs = [f for f in os.listdir(deb_dir) if f.endswith(".deb")]
        if len(debs) != 1:
            sys.exit(f"prepare_fonts: apt-get download {package} gave {debs}")
        deb = os.path.join(deb_dir, debs[0])
        got = sha256(deb)
        if got != digest:
            sys.exit(f"prepare_fonts: {debs[0]} has SHA-256 {got}, expected {digest}")
        shutil.rmtree(tree, ignore_errors=True)
        subprocess.run(["dpkg-deb", "-x", deb, tree], check=True)
        open(stamp, "w").close()
    finally:
        shutil.rmtree(deb_dir, ignore_errors=True)
    return tree


def full_width_map(font, cmap):
    """code point -> glyph for FULL_WIDTH marks whose `fwid` substitute is 1 em wide."""
    out = {}
    if "GSUB" not in font:
        return out
    gsub = font["GSUB"].table
    upem = font["head"].unitsPerEm
    lookups = set()
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag == "fwid":
            lookups.update(record.Feature.LookupListIndex)
    for index in sorted(lookups):
        lookup = gsub.LookupList.Lookup[index]
        for sub in lookup.SubTable:
            mapping = getattr(sub, "mapping", None)
            if sub.LookupType == 7:
                mapping = getattr(sub.ExtSubTable, "mapping", None)
            if not mapping:
                continue
            for cp in FULL_WIDTH:
                glyph = cmap.get(cp)
                if glyph in mapping and cp not in out:
                    target = mapping[glyph]
                    if font["hmtx"][target][0] == upem and font["hmtx"][glyph][0] != upem:
                        out[cp] = target
    return out


def remap_cmap(font, remap):
    for table in font["cmap"].tables:
        if table.isUnicode():
            for cp, glyph in remap.items():
                if cp in table.cmap:
                    table.cmap[cp] = glyph


def to_truetype(font):
    """Replaces the CFF outlines with TrueType quadratic ones (the fontTools otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        # max_err in font units: 1/1000 em; CFF contours run the other way round.
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)  # computes the bounding boxes
    hmtx = font["hmtx"]
    for name in order:
        advance, _ = hmtx[name]
        hmtx[name] = (advance, getattr(glyphs[name], "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones",):
        setattr(maxp, field, 1)
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    post = font["post"]
    post.formatType = 3.0  # no glyph names: a CID font's names are only cidNNNNN
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font, family, style, source, package, version, cff):
    name = font["name"]
    copyright_text = name.getDebugName(0)
    licence = name.getDebugName(13)
    licence_url = name.getDebugName(14)
    ps_family = family.replace(" ", "")
    full = family if style == "Regular" else f"{family} {style}"
    records = {
        0: copyright_text,
        1: family,
        2: style,
        3: f"{ps_family}-{style};jianbao",
        4: full,
        5: "Version 1.000; derived from " + (name.getDebugName(5) or "").split(";")[0],
        6: f"{ps_family}-{style}",
        10: (f"Derived from {source} (Debian package {package} {version}) by jianbao's "
             "scripts/prepare_fonts.py: " + ("CFF outlines converted to TrueType, " if cff else "")
             + "subset to GBK, ASCII, CJK punctuation and the URO block, layout tables and "
             "hinting removed, renamed."),
    }
    if licence:
        records[13] = licence
    if licence_url:
        records[14] = licence_url
    name.names = []
    for name_id, text in sorted(records.items()):
        if text:
            name.setName(text, name_id, 3, 1, 0x409)
    if "OS/2" in font:
        os2 = font["OS/2"]
        os2.fsSelection = (os2.fsSelection & ~0x61) | (0x20 if style == "Bold" else 0x40)
        os2.usWeightClass = 700 if style == "Bold" else 400
    font["head"].macStyle = 1 if style == "Bold" else 0


def prepare(src, face, out, family, style, source, package, version):
    font = TTFont(src, fontNumber=face, recalcTimestamp=False)
    cmap = font.getBestCmap()
    remap = full_width_map(font, cmap)
    remap_cmap(font, remap)
    wanted = sorted(cp for cp in repertoire() if cp in cmap)

    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.desubroutinize = True
    options.glyph_names = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG", "FFTM",
                            "DSIG", "meta", "gasp"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)

    cff = "CFF " in font
    if cff:
        to_truetype(font)
    rename(font, family, style, source, package, version, cff)
    font.save(out, reorderTables=True)
    return len(wanted), sorted(remap)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--cache", default=os.path.join(root, "build", "font-sources"))
    parser.add_argument("--out", default=os.path.join(root, "fonts"))
    parser.add_argument("--check", action="store_true",
                        help="rebuild into a scratch folder and compare with --out")
    args = parser.parse_args()

    if fonttools_version != FONTTOOLS_PINNED:
        print(f"prepare_fonts: warning: fontTools {fonttools_version}, the committed files "
              f"were made with {FONTTOOLS_PINNED}; the output may differ", file=sys.stderr)

    out = tempfile.mkdtemp() if args.check else args.out
    os.makedirs(out, exist_ok=True)
    for file, package, path, face, family, style, source in PREPARED:
        tree = fetch(package, args.cache)
        count, remapped = prepare(os.path.join(tree, path), face, os.path.join(out, file),
                                      family, style, source, package, PACKAGES[package][0])
        print(f"{file}: {count} code points, full-width forms for "
              f"{' '.join(f'U+{cp:04X}' for cp in remapped) or 'none'}", file=sys.stderr)
    for file, package, path in COPIED:
        tree = fetch(package, args.cache)
        shutil.copyfile(os.path.join(tree, path), os.path.join(out, file))

    files = sorted([f for f, *_ in PREPARED] + [f for f, *_ in COPIED])
    sums = "".join(f"{sha256(os.path.join(out, f))}  {f}\n" for f in files)
    if args.check:
        committed = open(os.path.join(args.out, "SHA256SUMS")).read()
        shutil.rmtree(out)
        if committed != sums:
            print("prepare_fonts: the rebuilt fonts differ from fonts/SHA256SUMS:\n" + sums,
                  file=sys.stderr)
            return 1
        print("prepare_fonts: rebuilt fonts are byte-identical to fonts/SHA256SUMS")
        return 0
    with open(os.path.join(out, "SHA256SUMS"), "w") as f:
        f.write(sums)
    return 0


if __name__ == "__main__":
    sys.exit(main())
