#!/usr/bin/python3
"""Checks a produced PDF against every rule of TYPOGRAPHY.md that can be measured on the page.

Reads per-glyph positions with `mutool convert -F stext -O inhibit-spaces`, paths and chart
groups with `mutool trace`, fonts with `pdffonts`. Prints one line per finding and a table of
counts per rule; exits 1 when there is an error, 0 otherwise.

    check_pdf.py DOC.pdf [--preset briefing|gbt9704] [--em PT] [--pitch PT]
                 [--margins-mm TOP,RIGHT,BOTTOM,LEFT] [--strict] [--gap-em EM] [--body-font NAME]

Units are PDF points; y grows downwards (as stext reports it). tol = 0.5 pt.

Besides the rules of TYPOGRAPHY.md, FILL measures page fill: the body lines each page but the
last leaves empty at its foot, and their total (check_fill says how they are counted and when
a page is a finding).
"""
import argparse
import collections
import math
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

TOL = 0.5
MM = 72 / 25.4

OPENERS = set("（《〈「『【〔〖［｛“‘")
CLOSERS = set("）》〉」』】〕〗］｝”’")
PAUSES = set("，。、；：？！")
NEVER_START = PAUSES | CLOSERS | set("～–—·‧・/／")
NEVER_END = OPENERS | set("/／")
HALF_AT_END = PAUSES | CLOSERS
BLANK_RIGHT = (PAUSES - set("？！")) | CLOSERS   # marks whose right half is blank
MARKS = OPENERS | CLOSERS | PAUSES
AUDIT = set("，。、；：？！（）《》“”‘’…—")
LABELS = set("图表第")


def is_han(c):
    o = ord(c)
    return 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or o == 0x3007


def is_latin(c):
    return c.isascii() and (c.isalnum() or c in ".,%+-") or c in "‰℃"


LINK = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[!-~]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]+")


def in_link(text, i):
    return any(m.start() <= i < m.end() - (text[m.end() - 1] in ".,;:!?)") for m in LINK.finditer(text))


def is_digit(c):
    return c.isascii() and c.isdigit()


class Glyph:
    __slots__ = ("c", "x", "y", "adv", "size", "font", "color", "after_space")

    def __init__(self, c, x, y, adv, size, font, color, after_space=False):
        self.c, self.x, self.y, self.adv, self.size, self.font, self.color = (
            c, x, y, adv, size, font, color)
        self.after_space = after_space  # a real space glyph stands before it


class Line:
    def __init__(self, page, glyphs):
        self.page, self.glyphs = page, glyphs
        self.y = glyphs[0].y
        self.text = "".join(g.c for g in glyphs)
        self.size = statistics.median(g.size for g in glyphs)

    def expansion(self):
        """The line's uniform extra spacing: median Han-to-Han step minus one em."""
        steps = [b.x - a.x - a.size for a, b in zip(self.glyphs, self.glyphs[1:])
                 if is_han(a.c) and is_han(b.c)]
        return statistics.median(steps) if steps else 0.0

    def left_edge(self):
        g = self.glyphs[0]
        # A trimmed opening bracket: its blank half lies outside the column.
        if g.c in OPENERS and g.x < self.left_hint - TOL:
            return g.x + g.adv - 0.5 * g.size
        return g.x

    def right_edge(self):
        g = self.glyphs[-1]
        return g.x + 0.5 * g.size if g.c in HALF_AT_END else g.x + g.adv


class Report:
    def __init__(self):
        self.counts = collections.OrderedDict()
        self.findings = []
        self.seen = collections.Counter()  # what each rule examined, for the record

    def add(self, rule, level, page, msg):
        e, w = self.counts.get(rule, (0, 0))
        self.counts[rule] = (e + (level == "error"), w + (level == "warning"))
        self.findings.append(f"p{page}: {rule} {level}: {msg}")

    def ok(self, rule):
        self.counts.setdefault(rule, (0, 0))


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def read_glyphs(pdf):
    with tempfile.NamedTemporaryFile(suffix=".xml") as f:
        subprocess.run(["mutool", "convert", "-F", "stext", "-O", "inhibit-spaces", "-o", f.name,
                        pdf], check=True, capture_output=True)
        root = ET.parse(f.name).getroot()
    pages = []
    for page in root.iter("page"):
        gs = []
        space = False
        fonts = []
        for line in page.iter("line"):
            # Text turned off the horizontal (a watermark) is set on no line of the page.
            if abs(float(line.get("dir", "1 0").split()[1])) < 1e-3:
                fonts.extend(line.iter("font"))
        for font in fonts:
            name, size = font.get("name"), float(font.get("size"))
            for ch in font.iter("char"):
                if ch.get("c") in (" ", "\u00a0"):
                    space = True  # a real space glyph: lines and words are found by position
                    continue
                q = [float(v) for v in ch.get("quad").split()]
                gs.append(Glyph(ch.get("c"), float(ch.get("x")), float(ch.get("y")), q[2] - q[0],
                                size, name, ch.get("color"), space))
                space = False
        pages.append((float(page.get("width")), float(page.get("height")), gs))
    return pages


def read_trace(pdf, page_height):
    """Per page: chart groups (their bboxes, y down, as mutool reports them in device space) and
    stroked paths (colour, points y down)."""
    out = []
    text = run(["mutool", "trace", pdf])
    for page in re.split(r"<page number=", text)[1:]:
        groups, strokes = [], []
        for m in re.finditer(r'<group bbox="([^"]+)"', page):
            x0, y0, x1, y1 = (float(v) for v in m.group(1).split())
            if x1 - x0 < 500 or y1 - y0 < 800:  # not the page's own group (device space, y down)
                groups.append((x0, y0, x1, y1))
        for m in re.finditer(r'<stroke_path linewidth="([^"]+)".*?color="([^"]+)".*?transform="([^"]+)">'
                             r'(.*?)</stroke_path>', page, re.S):
            t = [float(v) for v in m.group(3).split()]
            pts = [(float(a), float(b)) for a, b in re.findall(r'x="([^"]+)" y="([^"]+)"', m.group(4))]
            dev = [(t[0] * x + t[2] * y + t[4], t[1] * x + t[3] * y + t[5]) for x, y in pts]
            strokes.append((float(m.group(1)), m.group(2), dev))
        out.append((groups, strokes))
    return out


def seat_footnote_marks(glyphs, body_em):
    """A footnote's raised number (① … ⑳, smaller than the text) belongs to the line it is raised
    above: it is read on that line's baseline, right after the glyph it follows."""
    marks = [g for g in glyphs if "\u2460" <= g.c <= "\u2473" and g.size < 0.8 * body_em]
    for m in marks:
        below = [g for g in glyphs if g not in marks and 0 < g.y - m.y < 0.8 * g.size
                 and abs(g.x + g.adv - m.x) < 0.5 * g.size]
        if below:
            m.y = min(below, key=lambda g: abs(g.x + g.adv - m.x)).y


def split_lines(page_no, glyphs, body_em):
    """Glyphs sharing a baseline (±0.6 pt), split where a gap is wider than a table column's."""
    seat_footnote_marks(glyphs, body_em)
    lines = []
    for g in sorted(glyphs, key=lambda g: (g.y, g.x)):
        if lines and abs(lines[-1][-1].y - g.y) <= 0.6:
            lines[-1].append(g)
        else:
            lines.append([g])
    out = []
    for row in lines:
        row.sort(key=lambda g: g.x)
        seg = [row[0]]
        for a, b in zip(row, row[1:]):
            limit = 2.2 * a.size if abs(a.size - body_em) < 0.1 else 0.95 * a.size
            if b.x - (a.x + a.adv) > limit:
                out.append(Line(page_no, seg))
                seg = []
            seg.append(b)
        out.append(Line(page_no, seg))
    return out


def family(font):
    return font.split("+")[-1]


def check(args):
    rep = Report()
    pages = read_glyphs(args.pdf)
    width, height = pages[0][0], pages[0][1]
    trace = read_trace(args.pdf, height)
    top, right_m, bottom, left_m = (v * MM for v in args.margins_mm)
    left, right = left_m, width - right_m
    em, pitch = args.em, args.pitch
    body_font = args.body_font

    all_lines, body, furniture = [], [], []
    for pno, (w, h, gs) in enumerate(pages, 1):
        groups = trace[pno - 1][0]
        inside = lambda g: any(x0 - 1 <= g.x <= x1 + 1 and y0 - 1 <= g.y <= y1 + 1
                               for x0, y0, x1, y1 in groups)
        text = [g for g in gs if not inside(g)]
        furn = [g for g in text if g.y < top - 1 or g.y > h - bottom + 2]
        main = [g for g in text if g not in furn]
        furniture.append(split_lines(pno, furn, em) if furn else [])
        lines = split_lines(pno, main, em) if main else []
        for ln in lines:
            ln.left_hint = left
        all_lines.append(lines)
        body.append([ln for ln in lines
                     if abs(ln.size - em) < 0.1 and any(family(g.font) == body_font for g in ln.glyphs)
                     and ln.glyphs[0].x > left - em and ln.right_edge() < right + em])

    # "Full line": a body line whose next body line starts at the left edge.
    flat = [ln for page in body for ln in page]
    full = set()
    for a, b in zip(flat, flat[1:]):
        same_page_next = b.page == a.page and 0 < b.y - a.y <= pitch * 1.5
        next_page_top = b.page == a.page + 1 and a is body[a.page - 1][-1]
        if (same_page_next or next_page_top) and abs(b.left_edge() - left) <= TOL:
            full.add(id(a))
    first_lines = set()
    prev = None
    for ln in flat:
        if prev is None or id(prev) not in full:
            first_lines.add(id(ln))
        prev = ln

    # ---- B1, B2 (every line of text outside charts) ----
    for rule in ("B1", "B2", "W1", "W2", "W3", "W4", "W5", "P1", "P2", "P3", "F1", "F3"):
        rep.ok(rule)
    rep.seen["lines"] = sum(len(p) for p in all_lines)
    rep.seen["body lines"] = len(flat)
    rep.seen["full lines"] = len(full)
    for page in all_lines:
        for ln in page:
            t = ln.text
            if len(t) == 1 and t in "—-–":  # a lone dash standing for a missing value
                continue
            first, last = t[0], t[-1]
            # A paragraph's own first character (at the 2-em indent) was not put there by a break.
            para_start = abs(ln.glyphs[0].x - (left + 2 * ln.size)) <= TOL
            if para_start:
                first = ""
            if first in NEVER_START and not (first == "—" and t.startswith("——")):
                rep.add("B1", "error", ln.page, f"line starts with '{first}': {t[:20]}")
            if first and (t.startswith("……") or (args.strict and t.startswith("——"))):
                rep.add("B1", "error", ln.page, f"line starts with '{t[:2]}': {t[:20]}")
            if last in NEVER_END and not (last == "/" and in_link(t, len(t) - 1)):
                rep.add("B1", "error", ln.page, f"line ends with '{last}': …{t[-20:]}")

    for a, b in zip(flat, flat[1:]):
        if id(a) not in full:
            continue
        x, y = a.text[-1], b.text[0]
        pair = f"'{a.text[-6:]}' | '{b.text[:6]}'"
        if (x == y == "—") or (x == y == "…"):
            rep.add("B2", "error", a.page, f"{x}{y} split across lines: {pair}")
        elif is_digit(x) and (is_digit(y) or y in ".,%‰℃") or x == "." and is_digit(y):
            rep.add("B2", "error", a.page, f"number split across lines: {pair}")
        elif (x in LABELS and is_digit(y)) or (is_digit(x) and y in "—-–~～") or \
                (x in "—-–~～" and is_digit(y)):
            rep.add("B2", "error", a.page, f"label or range split from its number: {pair}")
        elif x.isascii() and x.isalpha() and y.isascii() and y.isalpha():
            rep.add("B2", "warning", a.page, f"Latin word split? {pair}")

    # ---- W1–W5, P1–P3 (body lines) ----
    gap_lo, gap_hi = (0.0, 0.125) if args.gap_em == 0 else (0.125, 0.5)
    flush_left, own_indent = official_blocks(args, body, all_lines, left, em)
    for pno, page in enumerate(body, 1):
        residues = []
        for ln in page:
            gs, e = ln.glyphs, ln.size
            exp = ln.expansion()
            is_full = id(ln) in full
            for i, (a, b) in enumerate(zip(gs, gs[1:])):
                step = b.x - a.x - exp
                pair = f"'{a.c}{b.c}' in …{ln.text[max(0, i - 6):i + 8]}…"
                if is_han(a.c) and b.c in OPENERS:  # the opener may give up its blank half
                    if step > e + TOL or step < 0.5 * e - TOL:
                        rep.add("W1", "error", pno, f"Han cell before an opener {step / e:.2f} em: {pair}")
                elif is_han(a.c) and (is_han(b.c) or b.c in MARKS) and not b.after_space:
                    if abs(step - e) > TOL:
                        rep.add("W1", "error", pno, f"Han cell {step / e:.2f} em: {pair}")
                elif a.c in "？！" and b.c in "？！":
                    if step > 0.5 * e + TOL:
                        rep.add("W1", "error", pno, f"{a.c}{b.c} not in one cell ({(step + b.adv) / e:.2f} em): {pair}")
                elif a.c in MARKS and (is_han(b.c) or b.c in MARKS):
                    compressed = a.c in BLANK_RIGHT and b.c in MARKS or a.c in OPENERS and b.c in OPENERS
                    if step > e + TOL or step < 0.5 * e - TOL:
                        rep.add("W1", "error", pno, f"mark cell {step / e:.2f} em: {pair}")
                    rep.seen["W2 pairs"] += compressed
                    if compressed and step > 0.75 * e + TOL:
                        rep.add("W2", "warning", pno, f"adjacent marks not compressed ({step / e:.2f} em): {pair}")
                    if a.c in AUDIT and a.adv < 0.95 * e and step < 0.95 * e and not compressed \
                            and step < 0.5 * e + TOL and a.c not in HALF_AT_END:
                        rep.add("F3", "warning", pno, f"narrow glyph not in a full cell: {pair}")
                elif a.c in "—…" and a.c == b.c:
                    if abs(b.x - a.x - e) > TOL:
                        rep.add("W1", "error", pno, f"{a.c}{b.c} not one 2-em unit: {pair}")
                elif a.c == "·" and is_han(b.c):
                    step += max(0.0, 0.5 * e - a.adv) / 2  # from the cell's start, not the ink's
                    if abs(step - 0.5 * e) > TOL:
                        rep.add("W1", "error", pno, f"interpunct cell {step / e:.2f} em: {pair}")
                elif is_latin(a.c) and is_latin(b.c) and not b.after_space:
                    if abs(b.x - a.x - a.adv) > 0.05:
                        rep.add("W4", "error", pno, f"spacing inside a word or number: {pair}")
                if ((is_han(a.c) and is_latin(b.c)) or (is_latin(a.c) and is_han(b.c))) and \
                        not b.after_space:
                    rep.seen["W5 gaps"] += 1
                    gap = (b.x - a.x - a.adv - exp) / e
                    if not (gap_lo - 0.02 <= gap <= gap_hi + 0.02):
                        rep.add("W5", "warning", pno, f"Han–Latin gap {gap:.3f} em: {pair}")
            # W3 line edges
            last = gs[-1]
            if ln.right_edge() > right + TOL:
                rep.add("W3", "error", pno, f"overhang {ln.right_edge() - right:.2f} pt: …{ln.text[-12:]}")
            rep.seen["W3 half-width line ends"] += last.c in HALF_AT_END and is_full
            if last.c in HALF_AT_END and is_full and abs(last.x + e - right) <= TOL:
                rep.add("W3", "warning", pno, f"line-end mark not trimmed: …{ln.text[-12:]}")
            # W4 justification, P1 indents
            le = ln.left_edge()
            first = id(ln) in first_lines
            want = left + 2 * e if first and id(ln) not in flush_left else left
            if id(ln) in own_indent:  # the 附件说明 (G-attach checks its lines)
                continue
            # gbt9704's 署名 and 成文日期 sit towards the right, four characters in.
            right_aligned = args.preset == "gbt9704" and le > left + 4 * e and \
                ln.right_edge() < right - e + TOL
            addressee = args.preset == "gbt9704" and ln.text.endswith("：") and abs(le - left) <= TOL
            if not right_aligned and not addressee and abs(le - want) > TOL:
                rep.add("P1", "error", pno, f"line starts at {le - left:.2f} pt, expected "
                        f"{want - left:.2f}: {ln.text[:16]}")
            if is_full and (abs(ln.right_edge() - right) > TOL or abs(le - want) > TOL):
                rep.add("W4", "error", pno, f"full line not justified (right edge {ln.right_edge() - right:+.2f} pt): "
                        f"…{ln.text[-16:]}")
            # P2
            if not is_full:
                letters = sum(1 for c in ln.text if c not in MARKS and c not in "—…·")
                if letters < 2 and not right_aligned:
                    rep.add("P2", "warning", pno, f"paragraph ends with a short line: {ln.text}")
            residues.append(ln.y)
        # P3 grid
        if residues:
            base = residues[0]
            for y, ln in zip(residues, page):
                k = (y - base) / pitch
                if abs(k - round(k)) * pitch > 1.0:
                    rep.add("P3", "error", pno, f"baseline off the grid by {(k - round(k)) * pitch:.2f} pt: {ln.text[:12]}")

    # W4/P1 on quotations: kai lines at the body size set two characters in on both sides; a
    # full line (the next starts at the quotation's left edge) touches both of its edges, a
    # first line is indented two more characters.
    heading_re = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）)")
    quote = []
    for page in all_lines:
        for ln in page:
            kai = sum(1 for g in ln.glyphs if "Kai" in family(g.font))
            if abs(ln.size - em) < 0.1 and kai * 2 > len(ln.glyphs) and not heading_re.match(ln.text) \
                    and ln.glyphs[0].x > left + em and not ln.text.startswith("——") \
                    and not centred_line(ln, left, right, left + 4 * em):
                quote.append(ln)
    q_left, q_right = left + 2 * em, right - 2 * em
    for a, b in zip(quote, quote[1:]):
        rep.seen["quotation lines"] += 1
        follows = (b.page == a.page and 0 < b.y - a.y <= pitch * 1.5) or b.page == a.page + 1
        if follows and abs(b.glyphs[0].x - q_left) <= TOL:  # a is a full line of the quotation
            if abs(a.right_edge() - q_right) > TOL:
                rep.add("W4", "error", a.page, f"quotation line not justified to its column "
                        f"({a.right_edge() - q_right:+.2f} pt): …{a.text[-12:]}")
        if abs(a.glyphs[0].x - q_left) > TOL and abs(a.glyphs[0].x - (q_left + 2 * em)) > TOL:
            rep.add("P1", "error", a.page, f"quotation line starts at {a.glyphs[0].x - left:.2f} pt: {a.text[:12]}")

    # K1 keep with next: a heading or a caption never ends a page.
    rep.ok("K1")
    heading = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）|[图表]\d+\u3000)")
    for pno, page in enumerate(all_lines, 1):
        if pno == len(all_lines) or not page:
            continue
        last = max(page, key=lambda ln: ln.y)
        if heading.match(last.text):
            rep.add("K1", "error", pno, f"a heading or caption ends the page: {last.text[:16]}")

    # K2 orphans and widows: a paragraph's first line never ends a page alone, its last line
    # never starts one alone.
    rep.ok("K2")
    for a, b in zip(flat, flat[1:]):
        if b.page != a.page + 1 or a is not body[a.page - 1][-1] or b is not body[b.page - 1][0]:
            continue
        if id(a) not in full:
            continue  # the paragraph ended on the page before
        rep.seen["K2 paragraphs across pages"] += 1
        if id(a) in first_lines:
            rep.add("K2", "error", a.page, f"a paragraph's first line alone at the foot: {a.text[:16]}")
        if id(b) not in full:
            rep.add("K2", "error", b.page, f"a paragraph's last line alone at the head: {b.text[:16]}")

    # Titles: the largest text on page 1, never a single character on a line.
    p1 = all_lines[0]
    if p1:
        biggest = max(ln.size for ln in p1)
        for ln in p1:
            if ln.size == biggest and len(ln.text) == 1:
                rep.add("P2", "warning", 1, f"title line with a single character: {ln.text}")

    # ---- L1 loose lines: a justified full line spread beyond 0.1 em per gap, with 8 gaps or
    # more (a shorter line may have to), is an error; the loosest line is reported either way.
    rep.ok("L1")
    loosest = (0.0, "")
    for ln in flat:
        if id(ln) not in full:
            continue
        gaps = sum(1 for a, b in zip(ln.glyphs, ln.glyphs[1:])
                   if not (is_latin(a.c) and is_latin(b.c) and not b.after_space))
        spread = ln.expansion() / ln.size
        if gaps >= 8 and spread > loosest[0]:
            loosest = (spread, ln.text[:24])
        if gaps >= 8 and spread > 0.1 + 0.005:
            # On the gbt9704 grid no mark inside a line is narrowed (G-grid), so a line that
            # pushes its last character down may spread further: the grid comes first there.
            grid = args.preset == "gbt9704" and spread <= 0.2
            rep.add("L1", "warning" if grid else "error", ln.page, f"line spread {spread:.3f} em per gap ({gaps} gaps): "
                    f"{ln.text[:24]}")
    rep.seen["L1 loosest line (em per gap)"] = round(loosest[0], 3)

    # ---- T1 ASCII marks in Chinese context (a Han character or full-width mark right beside
    # them) in the text layer; numbers and addresses keep theirs.
    rep.ok("T1")
    for page in all_lines:
        for ln in page:
            t = ln.text
            for i, c in enumerate(t):
                if c not in ",.;:?!()":
                    continue
                near = [t[k] for k in (i - 1, i + 1) if 0 <= k < len(t)]
                if c == "." and re.match(r"(^|.*[：:])\d+$", t[:i]):
                    continue  # a heading's or an item's number: 1. (GB/T 9704's 3rd level)
                if any(is_han(x) or x in MARKS for x in near) and not in_link(t, i):
                    rep.add("T1", "error", ln.page, f"ASCII '{c}' in Chinese text: …{t[max(0, i - 6):i + 6]}…")

    # ---- T2 spaces in the text layer the source has not: pdftotext's between a Han character
    # or a full-width mark and a letter or digit (the source never has one: the model drops it).
    rep.ok("T2")
    # The gap is drawn as a gap: poppler 22 (which takes the character spacing out of a glyph's
    # width), mutool 1.21 and pdf.js all read a space at it, so this is a count, not an error.
    spurious = re.compile(r"([\u3400-\u9fff\uff01-\uff5e\u3001-\u3011]) +([0-9A-Za-z%\u2212\uff10-\uff19])|"
                          r"([0-9A-Za-z%\u2212\uff10-\uff19]) +([\u3400-\u9fff\uff01-\uff5e\u3001-\u3011])")
    for pno, text in enumerate(run(["pdftotext", "-enc", "UTF-8", args.pdf, "-"]).split("\f"), 1):
        found = [m.group(0) for m in spurious.finditer(text)]
        rep.seen["T2 pdftotext spaces at Han-Latin gaps"] += len(found)
        if found:
            rep.add("T2", "warning", pno, f"{len(found)} spaces in the text layer (pdftotext) at "
                    f"Han–Latin gaps, e.g. '{found[0]}'")

    # ---- U1 a web or e-mail address broken across full lines breaks after / . ? & = _ - or
    # before @ (an e-mail address never at its own hyphen), with no hyphen added.
    rep.ok("U1")
    for a, b in zip(flat, flat[1:]):
        if id(a) not in full:
            continue
        joined, cut = a.text + b.text, len(a.text)
        for m in LINK.finditer(joined):
            if not m.start() < cut < m.end():
                continue
            rep.seen["U1 addresses across lines"] += 1
            email = "@" in m.group(0) and "://" not in m.group(0)
            before, after = joined[cut - 1], joined[cut]
            ok = (before in "/.?&=_" or (before == "-" and not email) or after == "@") and \
                before != "\u00ad"
            if not ok:
                rep.add("U1", "error", a.page, f"address broken at '{before}|{after}': {m.group(0)[:40]}")

    # ---- F2: text round trip: every expected text (one per line) appears in the type area's
    # text, read page by page, line by line (running headers, page numbers and charts left out).
    if args.expect_text:
        rep.ok("F2")
        # A word hyphenated at a line's end carries a soft hyphen there (U+00AD): not text.
        got = "".join(ln.text for page in all_lines for ln in page).replace("\u00ad", "")
        for want in open(args.expect_text, encoding="utf-8").read().splitlines():
            want = "".join(want.split())
            if want and want not in got:
                rep.add("F2", "error", 0, f"text not found in the PDF: {want[:30]}")

    # ---- F1: fonts ----
    for row in run(["pdffonts", args.pdf]).splitlines()[2:]:
        cols = row.split()
        name, emb, uni = cols[0], cols[-5], cols[-3]
        typ = " ".join(cols[1:-6])
        if emb != "yes" or uni != "yes" or "TrueType" not in typ:
            rep.add("F1", "error", 0, f"font {name}: type {typ}, embedded {emb}, unicode {uni}")

    check_words(args, rep, all_lines, flush_left)
    check_fill(args, rep, pages, trace, all_lines, body, full, (top, right, height - bottom, left))
    if args.preset == "gbt9704":
        check_gbt9704(args, rep, pages, trace, all_lines, body, furniture, full,
                      (top, right, height - bottom, left))
    return rep


def centred_line(ln, left, right, beyond):
    """A line centred in the column that starts right of `beyond` (a title block's issuer and
    date in kai, not a quotation, whose lines start at its indents)."""
    return ln.glyphs[0].x > beyond + TOL and \
        abs((ln.glyphs[0].x - left) - (right - ln.right_edge())) <= 1.0


def official_blocks(args, body, all_lines, left, em):
    """gbt9704: the 主送 lines (under the title, down to the one ending in ：, every line flush
    left) and the 附件说明 lines (from 附件： to the 署名, aligned by their own rule)."""
    flush_left, own_indent = set(), set()
    if args.preset != "gbt9704" or not body or not body[0]:
        return flush_left, own_indent
    title_y = max((ln.y for ln in all_lines[0] if abs(ln.size - 22) < 0.1), default=None)
    if title_y is not None:
        under = sorted((ln for ln in body[0] if ln.y > title_y), key=lambda ln: ln.y)[:8]
        ends = [i for i, ln in enumerate(under) if ln.text.endswith("：")]
        if ends:
            flush_left.update(id(ln) for ln in under[:ends[0] + 1])
    inside = False  # a long 附件说明 goes on over the next page
    for page in body:
        for ln in sorted(page, key=lambda ln: ln.y):
            if ln.text.startswith("附件："):
                inside = True
            elif inside and ln.glyphs[0].x > left + 10 * em:  # the 署名, right of the names
                inside = False
            if inside:
                own_indent.add(id(ln))
    return flush_left, own_indent


def check_words(args, rep, all_lines, flush):
    """WB: a word that must not break (--keep-words, one per line: 全省, 调查总队, 营业收入 …) is
    never split between a line and the next line of its text (same size, the next baseline), in
    the texts that break only between words: titles, headings, captions and table headers (set
    in another size or face than the body) and the 主送 (`flush`)."""
    rep.ok("WB")
    words = []
    if args.keep_words:
        words = [w.strip() for w in open(args.keep_words, encoding="utf-8") if w.strip()
                 and not w.startswith("#")]
    def word_only(ln):  # a title, a heading, a caption, a table header: not in the body face
        return abs(ln.size - args.em) > 0.1 or not any(
            family(g.font) == args.body_font for g in ln.glyphs if not g.c.isascii())

    for page in all_lines:
        rows = sorted(page, key=lambda ln: (ln.y, ln.glyphs[0].x))
        for a in rows:
            if not word_only(a) and id(a) not in flush:
                continue
            below = [b for b in rows if abs(b.size - a.size) < 0.1 and
                     0.5 * a.size < b.y - a.y <= 2.2 * a.size and
                     b.glyphs[0].x < a.right_edge() and b.right_edge() > a.glyphs[0].x]
            if not below:
                continue
            b = min(below, key=lambda ln: ln.y)
            for w in words:
                for k in range(1, len(w)):
                    if a.text.endswith(w[:k]) and b.text.startswith(w[k:]):
                        rep.add("WB", "error", a.page, f"'{w}' broken across lines: "
                                f"…{a.text[-8:]} | {b.text[:8]}…")


HEADING_RE = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）)")
CAPTION_RE = re.compile(r"^(续?[图表]\d+)")


def page_feet(strokes, lines, area):
    """The top of the page's footnotes (y down): their short rule, a quarter of the type width
    from the left edge, stands 0.45 note pitch over their first line's box; none: the area's
    bottom."""
    top, right, bottom, left = area
    for lw, col, p in strokes:
        if len(p) == 2 and abs(p[0][1] - p[1][1]) < 0.1 and abs(min(p[0][0], p[1][0]) - left) < 1 \
                and abs(abs(p[1][0] - p[0][0]) - (right - left) / 4) < 1 and top < p[0][1] < bottom:
            under = [ln.size for ln in lines if ln.y > p[0][1]]
            pitch = 1.6 * (statistics.median(under) if under else 10.5)
            return p[0][1] - 0.55 * pitch, p[0][1]
    return bottom, None


def body_elements(groups, strokes, lines, area, feet_rule):
    """(top, bottom, kind, line) of what the page's body holds, y down: its lines of text
    (baseline + descent), chart boxes, table rules; above the footnotes."""
    top, right, bottom, left = area
    limit = feet_rule if feet_rule is not None else bottom + 2
    out = []
    for ln in lines:
        if ln.y < limit:
            out.append((ln.y - 0.88 * ln.size, ln.y + 0.12 * ln.size, "text", ln))
    for x0, y0, x1, y1 in groups:
        if y1 > top and y0 < limit:
            out.append((y0, y1, "chart", None))
    for lw, col, p in strokes:
        ys = [y for _, y in p]
        if feet_rule is not None and all(abs(y - feet_rule) < 0.1 for y in ys):
            continue
        if top - 1 <= min(ys) and max(ys) <= limit:
            out.append((min(ys), max(ys), "rule", None))
    return sorted(out, key=lambda e: (e[0], e[1]))


def page_start(elements, body_ids):
    """What a page begins with: a heading, body text, or a float (a chart or a table: its
    caption, 续表 line, rule or cells) and what follows the floats at its head."""
    k = 0
    while k < len(elements):
        top, bot, kind, ln = elements[k]
        if kind == "text" and HEADING_RE.match(ln.text):
            return ("heading", "heading") if k == 0 else ("float", "heading")
        if kind == "text" and id(ln) in body_ids:
            return ("text", "text") if k == 0 else ("float", "text")
        k += 1
    return ("float", "nothing") if elements else ("nothing", "nothing")


def check_fill(args, rep, pages, trace, all_lines, body, full, area):
    """FILL, page fill: for every page but the last, the body lines left empty at its foot:
    (bottom of the type area, or the top of the page's footnotes, − the lowest body element:
    a line's baseline + its descent, a chart's box, a table's rule) / line pitch, less what a
    page set full to its last grid line leaves (the area's height beyond a whole number of
    lines, and a line's room under its descent), so that a full page loses 0. Each page's loss
    and the total are printed ("FILL total"). A page losing more than 2 lines is
      - an error when the next page goes on with the paragraph the page ends with, or starts
        with a float (chart or table) followed there by body text: that text could have
        filled the page;
      - a warning when the next page starts with a heading (kept with what follows it), with
        a float followed by a heading or by nothing (the float could not wait), with a new
        paragraph after a paragraph's end (a page break), or is turned.
    """
    rep.ok("FILL")
    top, right, bottom, left = area
    pitch, em = args.pitch, args.em
    body_ids = {id(ln) for page in body for ln in page}
    losses, starts = [], []
    rep.fill_pages = []
    for pno in range(len(pages)):
        groups, strokes = trace[pno]
        feet, feet_rule = page_feet(strokes, all_lines[pno], area)
        els = body_elements(groups, strokes, all_lines[pno], area, feet_rule)
        starts.append(page_start(els, body_ids))
        if not els:
            losses.append(None)
            continue
        lowest = max(e[1] for e in els)
        height = feet - top
        rem = height - math.floor(height / pitch + 1e-6) * pitch
        slack = rem + (pitch - em) / 2
        losses.append(max(0.0, (feet - lowest - slack) / pitch))
    total, worst = 0.0, 0.0
    for pno in range(1, len(pages)):
        loss = losses[pno - 1]
        if loss is None:
            continue
        total += loss
        worst = max(worst, loss)
        rep.fill_pages.append(f"p{pno} {loss:.1f}")
        if loss <= 2 + 0.05:
            continue
        turned = (pages[pno][0] > pages[pno][1]) != (pages[pno - 1][0] > pages[pno - 1][1])
        begins, then = starts[pno]
        ends_paragraph = begins == "text" and not (body[pno - 1] and id(body[pno - 1][-1]) in full)
        if turned or begins == "heading" or (begins == "float" and then != "text") or \
                ends_paragraph:
            why = "the next page is turned" if turned else \
                "the next page starts with a heading" if begins == "heading" else \
                "a new paragraph starts the next page: a page break?" if ends_paragraph else \
                f"the next page starts with a float followed by {then}"
            rep.add("FILL", "warning", pno, f"{loss:.1f} lines empty at the foot ({why})")
        else:
            rep.add("FILL", "error", pno, f"{loss:.1f} lines empty at the foot (the next page "
                    f"{'starts with a float followed by body text' if begins == 'float' else 'goes on with its paragraph'})")
    rep.fill = (total, worst)


def check_gbt9704(args, rep, pages, trace, all_lines, body, furniture, full, area):
    top, right, bottom, left = area
    for rule in ("G-page", "G-mark", "G-area", "G-pageno", "G-heading", "G-title", "G-grid"):
        rep.ok(rule)
    w, h = pages[0][0], pages[0][1]
    if abs(w - 595.276) > 1 or abs(h - 841.89) > 1:
        rep.add("G-page", "error", 1, f"page is {w:.1f} × {h:.1f} pt, not A4")
    # The issuer mark: red, the largest text on page 1; the red rule 156 ± 1 mm.
    gs1 = pages[0][2]
    biggest = max(gs1, key=lambda g: g.size)
    if not biggest.color or biggest.color.lower() in ("#000000",):
        rep.add("G-mark", "error", 1, f"largest text '{biggest.c}' ({biggest.size} pt) is not red")
    red_len = [abs(p[-1][0] - p[0][0]) / MM for lw, col, p in trace[0][1] if len(p) >= 2
               and len(col.split()) == 3 and float(col.split()[0]) > 0.5 and float(col.split()[1]) < 0.3]
    if not any(abs(L - 156) <= 1 for L in red_len):
        rep.add("G-mark", "error", 1, f"no red rule 156 ± 1 mm long (red paths: {[round(L, 1) for L in red_len]})")
    # Nothing outside the type area except the page number.
    for pno, furn in enumerate(furniture, 1):
        for ln in furn:
            if not re.fullmatch(r"—\d+—", ln.text):
                rep.add("G-area", "error", pno, f"text outside the type area: {ln.text[:16]}")
    for pno, page in enumerate(all_lines, 1):
        for ln in page:
            if ln.glyphs[0].x < left - ln.size or ln.right_edge() > right + TOL:
                rep.add("G-area", "error", pno, f"text outside the type area: {ln.text[:16]}")
    # 版记: its last rule lies on the type area's bottom edge on the last page, 0.35 mm thick.
    rep.ok("G-record")
    last_rules = [p for lw, col, p in trace[-1][1] if len(p) >= 2 and abs(lw - 0.35 * MM) < 0.05
                  and abs(p[0][1] - bottom) <= 1 and abs(abs(p[-1][0] - p[0][0]) - (right - left)) <= 1]
    if not last_rules:
        rep.add("G-record", "error", len(pages), "no 0.35 mm rule on the type area's bottom edge")
    # Page numbers: "— n —", 14 pt Song, 1-char inset on the outer side, 7 mm under the area.
    last = len(pages)
    for pno, furn in enumerate(furniture, 1):
        nums = [ln for ln in furn if re.fullmatch(r"—\d+—", ln.text)]
        if not nums:
            if pno != last:
                rep.add("G-pageno", "error", pno, "no page number")
            continue
        ln = nums[0]
        if ln.text != f"—{pno}—":
            rep.add("G-pageno", "error", pno, f"page number reads {ln.text}")
        fams = {family(g.font) for g in ln.glyphs}  # digits and dashes alike
        if abs(ln.size - 14) > 0.3 or not all("Serif" in f or "Song" in f for f in fams):
            rep.add("G-pageno", "error", pno, f"page number {ln.size} pt in {fams}, not a Song (serif) face")
        if pno % 2:  # the closing dash's own advance, not the half width of a line-end mark
            inset = right - (ln.glyphs[-1].x + ln.glyphs[-1].adv)
        else:
            inset = ln.glyphs[0].x - left
        if not 13.5 <= inset <= 16.5:
            rep.add("G-pageno", "error", pno, f"page number inset {inset:.1f} pt on the "
                    f"{'right' if pno % 2 else 'left'}")
        dash_mm = (ln.y - 0.35 * ln.size - bottom) / MM  # a dash sits 0.35 em over the baseline
        if not 5 <= dash_mm <= 9:
            rep.add("G-pageno", "error", pno, f"page number's dashes {dash_mm:.1f} mm under the type area")
    # Headings: level by its number, font by its level.
    want = [(r"^[一二三四五六七八九十]+、", "Sans"), (r"^（[一二三四五六七八九十]+）", "Kai"),
            (r"^\d+\.", "Fang"), (r"^（\d+）", "Fang")]
    for pno, page in enumerate(all_lines, 1):
        for ln in page:
            if abs(ln.size - 16) > 0.1 or abs(ln.glyphs[0].x - (left + 2 * 16)) > 1:
                continue
            for pat, fam in want:
                m = re.match(pat, ln.text)
                if m:
                    head = [g for g in ln.glyphs[:len(m.group(0)) + 1] if not g.c.isascii()]
                    fams = {family(g.font) for g in head if not g.c in "（）、."}
                    if fams and not any(fam in f for f in fams):
                        rep.add("G-heading", "error", pno, f"heading {ln.text[:8]} in {fams}, expected {fam}")
                    break
    # Title: 22 pt, centred.
    titles = [ln for ln in all_lines[0] if abs(ln.size - 22) < 0.1]
    if not titles:
        rep.add("G-title", "error", 1, "no 22 pt title on page 1")
    for ln in titles:
        mid = (ln.glyphs[0].x + ln.right_edge()) / 2
        if abs(mid - (left + right) / 2) > 11:
            rep.add("G-title", "error", 1, f"title not centred ({mid - (left + right) / 2:+.1f} pt)")
    check_attachments(rep, all_lines)
    check_cc(rep, all_lines)
    if not body[0]:
        rep.add("G-grid", "error", 1, "page 1 shows no body text")
    # 22 lines on inner pages, 28 cells per full Han line (warnings).
    for pno in range(2, len(pages)):
        n = len([ln for ln in all_lines[pno - 1] if abs(ln.size - 16) < 0.1])
        if n != 22:
            rep.add("G-grid", "warning", pno, f"inner page carries {n} lines, not 22")
    for page in body:
        for ln in page:
            if id(ln) in full and all(is_han(c) or c in MARKS for c in ln.text) and \
                    abs(ln.left_edge() - left) <= TOL and len(ln.text) != 28:
                rep.add("G-grid", "warning", ln.page, f"full line of {len(ln.text)} cells, not 28")
    # A pause mark inside a line keeps its whole cell (only a pair of marks shares a blank, W2):
    # halving one to make room for the line's end mark takes the line off the grid.
    for page in body:
        for ln in page:
            gs = ln.glyphs
            for a, b, c in zip(gs, gs[1:], gs[2:]):
                if a.c in PAUSES - set("？！") and is_han(b.c) and b.x - a.x < 0.75 * ln.size:
                    rep.add("G-grid", "error", ln.page, f"'{a.c}' squeezed to "
                            f"{(b.x - a.x) / ln.size:.2f} em inside a line: {ln.text[:16]}")


def check_attachments(rep, all_lines):
    """G-attach (7.3.4): 附件：1.名称 — no gap after the number's point; every later number under
    the first, every name and each of its wrapped lines under the first name's first character."""
    rep.ok("G-attach")
    for page in all_lines:
        rows = sorted(page, key=lambda ln: ln.y)
        for i, ln in enumerate(rows):
            if not ln.text.startswith("附件："):
                continue
            rest = ln.glyphs[3:]
            m = re.match(r"\d+\.", ln.text[3:])
            number_x = rest[0].x if rest else None
            if m:
                point = rest[len(m.group(0)) - 1]
                name = rest[len(m.group(0))] if len(rest) > len(m.group(0)) else None
                if name and name.x - (point.x + point.adv) > TOL:
                    rep.add("G-attach", "error", ln.page, f"gap of {name.x - point.x - point.adv:.1f}"
                            f" pt after '{m.group(0)}': {ln.text[:12]}")
            else:
                name = rest[0] if rest else None
            if name is None:
                continue
            name_x, y = name.x, ln.y
            for nxt in rows[i + 1:]:
                if nxt.y - y > 2 * ln.size or abs(nxt.size - ln.size) > 0.1:  # the next line
                    break
                if nxt.glyphs[0].x < ln.glyphs[0].x - TOL:
                    break  # left of 附件： (the 版记)
                y = nxt.y
                mm = re.match(r"\d+\.", nxt.text)
                if mm and number_x is not None and abs(nxt.glyphs[0].x - number_x) <= TOL:
                    first = nxt.glyphs[len(mm.group(0))] if len(nxt.glyphs) > len(mm.group(0)) else None
                    if first and abs(first.x - name_x) > TOL:
                        rep.add("G-attach", "error", nxt.page, f"attachment name at "
                                f"{first.x - name_x:+.1f} pt from the first name: {nxt.text[:12]}")
                elif nxt.glyphs[0].x < name_x + 2 * ln.size:
                    if abs(nxt.glyphs[0].x - name_x) > TOL:
                        rep.add("G-attach", "error", nxt.page, f"attachment line at "
                                f"{nxt.glyphs[0].x - name_x:+.1f} pt from the names: {nxt.text[:12]}")
                else:
                    break  # the 署名 or the date


def check_cc(rep, all_lines):
    """G-cc: 抄送： with its full-width colon: the text after it starts a whole em after the colon."""
    rep.ok("G-cc")
    for page in all_lines:
        for ln in page:
            if ln.text.startswith("抄送：") and len(ln.glyphs) > 3:
                colon, nxt = ln.glyphs[2], ln.glyphs[3]
                if nxt.x - colon.x < 0.9 * ln.size:
                    rep.add("G-cc", "error", ln.page, f"the colon of 抄送： is {nxt.x - colon.x:.1f} "
                            f"pt wide, not an em")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf")
    ap.add_argument("--preset", default="briefing", choices=["briefing", "gbt9704"])
    ap.add_argument("--em", type=float)
    ap.add_argument("--pitch", type=float)
    ap.add_argument("--margins-mm", type=lambda s: [float(v) for v in s.split(",")])
    ap.add_argument("--body-font")
    ap.add_argument("--gap-em", type=float)
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--expect-text", help="a file of texts (one per line) that the PDF must hold")
    ap.add_argument("--keep-words", help="a file of words (one per line) no line may break inside",
                    default=str(pathlib.Path(__file__).with_name("keep_words.txt")))
    args = ap.parse_args()
    gbt = args.preset == "gbt9704"
    if args.em is None:
        args.em = 16 if gbt else 14
    if args.pitch is None:
        args.pitch = 637.795 / 22 if gbt else 26
    if args.margins_mm is None:
        args.margins_mm = [37, 26, 35, 28] if gbt else [30, 28, 30, 28]
    if args.body_font is None:
        args.body_font = "JianbaoFang-Regular" if gbt else "JianbaoSerifSC-Regular"
    if args.gap_em is None:
        args.gap_em = 0 if gbt else 0.25
    rep = check(args)
    if not args.quiet:
        for f in rep.findings:
            print(f)
    print("examined: " + ", ".join(f"{k} {v}" for k, v in rep.seen.items()))
    if hasattr(rep, "fill"):
        print(f"FILL per page: {', '.join(rep.fill_pages) or '-'}")
        print(f"FILL total {rep.fill[0]:.1f} lines, max {rep.fill[1]:.1f} on a page")
    errors = sum(e for e, _ in rep.counts.values())
    print(f"{args.pdf}: " + "  ".join(f"{r} {e}/{w}" for r, (e, w) in rep.counts.items()) +
          f"  (rule errors/warnings; {errors} errors)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
