#include "layout/line_breaker.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <memory>
#include <optional>
#include <stdexcept>

#include "core/char_class.hpp"
#include "core/links.hpp"
#include "layout/words.hpp"

namespace jb::layout {

using namespace core;  // character classes

namespace {

constexpr char32_t em_dash = 0x2014;
constexpr char32_t ellipsis = 0x2026;

// Creating an ICU break iterator loads its rules: one of each kind per thread is reused.
using IteratorFactory = icu::BreakIterator* (*)(const icu::Locale&, UErrorCode&);
std::unique_ptr<icu::BreakIterator> make_iterator(IteratorFactory create, const char* what) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> p(create(icu::Locale("zh"), status));
  if (U_FAILURE(status) || !p)
    throw std::runtime_error(std::string("ICU ") + what + ": " + u_errorName(status));
  return p;
}
icu::BreakIterator& word_iterator() {
  thread_local auto it = make_iterator(&icu::BreakIterator::createWordInstance, "word breaker");
  return *it;
}
icu::BreakIterator& line_iterator() {
  thread_local auto it = make_iterator(&icu::BreakIterator::createLineInstance, "line breaker");
  return *it;
}

bool cjk_context(char32_t c) { return is_han(c) || is_cjk_punct(c); }
bool is_dash_like(char32_t c) {
  return c == em_dash || c == '-' || c == 0x2013 || c == '~' || c == 0xFF5E;
}
bool is_space(char32_t c) { return c == ' '; }
bool latin_side(char32_t c) { return uses_latin_font(c) && c != ' '; }

// The boundaries `it` finds in `text`, by code point: out[i] is true when one falls before
// text[i] (out[n] is true; out[0] only if `text` is empty).
std::vector<bool> boundaries(icu::BreakIterator& it, std::u32string_view text) {
  const std::size_t n = text.size();
  std::vector<bool> out(n + 1, false);
  out[n] = true;
  const icu::UnicodeString us = icu::UnicodeString::fromUTF32(
      reinterpret_cast<const UChar32*>(text.data()), static_cast<int32_t>(n));
  std::vector<int32_t> cp_at(static_cast<std::size_t>(us.length()) + 1, -1);
  int32_t u = 0;
  for (std::size_t i = 0; i < n; ++i) {
    cp_at[static_cast<std::size_t>(u)] = static_cast<int32_t>(i);
    u += text[i] > 0xFFFF ? 2 : 1;
  }
  it.setText(us);
  for (int32_t b = it.first(); b != icu::BreakIterator::DONE; b = it.next())
    if (b > 0 && b < us.length() && cp_at[static_cast<std::size_t>(b)] >= 0)
      out[static_cast<std::size_t>(cp_at[static_cast<std::size_t>(b)])] = true;
  return out;
}

// A web or e-mail address breaks only after / . ? & = _ - (a run of them kept whole, as in //)
// or before @, with no hyphen added; an e-mail address never at a hyphen of its own, which a
// reader would take for a word's. Its ends break as the text around it does.
void address_breaks(std::u32string_view text, std::vector<bool>& br) {
  auto after = [](char32_t c, core::LinkKind kind) {
    return c == '/' || c == '.' || c == '?' || c == '&' || c == '=' || c == '_' ||
           (c == '-' && kind == core::LinkKind::url);
  };
  for (const core::LinkSpan& l : core::find_links(text))
    for (std::size_t i = l.begin + 1; i < l.end; ++i)
      br[i] = text[i] == '@' || (after(text[i - 1], l.kind) && !after(text[i], l.kind));
}

}  // namespace

std::vector<bool> word_starts(std::u32string_view text) {
  std::vector<bool> out = boundaries(word_iterator(), text);
  detail::refine_words(text, out);
  out[0] = true;
  return out;
}

void keep_words(std::u32string_view text, std::vector<bool>& breaks) {
  const auto words = word_starts(text);
  for (std::size_t i = 1; i < text.size() && i < breaks.size(); ++i)
    breaks[i] = breaks[i] && words[i] && !(is_digit(text[i - 1]) && is_han(text[i]));
}

std::vector<bool> find_breaks(std::u32string_view text, bool strict) {
  const std::size_t n = text.size();
  if (n == 0) return std::vector<bool>(1, false);
  std::vector<bool> br = boundaries(line_iterator(), text);

  for (std::size_t i = 1; i < n; ++i) {
    const char32_t a = text[i - 1], b = text[i];
    // zh tailoring (B3): curly quotes are openers and closers, not ambiguous quotes.
    if ((b == U'“' || b == U'‘') && cjk_context(a)) br[i] = true;
    if ((a == U'”' || a == U'’') && cjk_context(b)) br[i] = true;
    if (a == U'“' || a == U'‘' || b == U'”' || b == U'’') br[i] = false;
    // B1: never at line start / line end; solidus on neither side.
    if (never_line_start(b) || never_line_end(a)) br[i] = false;
    // A lone em dash never starts a line; —— and …… are one unit; …… never starts a line.
    if (b == em_dash && !(i + 1 < n && text[i + 1] == em_dash)) br[i] = false;
    if ((a == em_dash && b == em_dash) || b == ellipsis) br[i] = false;
    if (strict && b == em_dash) br[i] = false;  // strict: —— never starts a line either
    // Never inside a number with its range dash or unit sign (1—10月, 5.0%), nor between a
    // label and its number (图2, 表1, 第3).
    if ((is_digit(a) && is_dash_like(b)) || (is_dash_like(a) && is_digit(b))) br[i] = false;
    if (is_digit(b) && (a == U'图' || a == U'表' || a == U'第' || a == U'件')) br[i] = false;
    // 第3季度, 第2批: an ordinal keeps the word it counts.
    if (is_digit(a) && !is_digit(b)) {
      std::size_t k = i - 1;
      while (k > 0 && is_digit(text[k - 1])) --k;
      if (k > 0 && text[k - 1] == U'第') br[i] = false;
    }
    // Never inside a run of Latin letters and digits (UAX #14 agrees; this keeps 2025Q1 whole).
    if (is_latin_alnum(a) && is_latin_alnum(b)) br[i] = false;
  }
  address_breaks(text, br);
  return br;
}

namespace {

constexpr double eps = 0.01;

// One line before positioning: glyphs [first, last], the break after `end` (trailing spaces
// between last and end are dropped).
struct LineRange {
  std::size_t first = 0, last = 0, end = 0;
  bool hyphen = false;  // the line ends inside a word, with the hyphen of glyph `last`
};

// W4: what a glyph of a line may give up when the line is squeezed, by class, in the order the
// classes give it.
enum Shrink { none = 0, word_space, bracket, comma, han_latin, stop, classes };

// The measures of one text's glyphs in one style, shared by the steps of set_lines.
struct Measure {
  const std::vector<ShapedGlyph>& g;
  const LineStyle& st;
  double em;

  double indent_of(std::size_t line_index) const {
    return line_index == 0 ? st.first_indent_pt : 0.0;
  }
  double start_trim(std::size_t s, double indent) const {
    return st.trim_opener_at_start && indent == 0 && is_opener(g[s].cp) &&
                   !uses_latin_font(g[s].cp) && g[s].advance_pt >= 0.9 * em
               ? 0.5 * em
               : 0.0;
  }
  double end_reduction(std::size_t e) const {
    return half_at_line_end(g[e].cp) && g[e].advance_pt > 0.5 * em ? g[e].advance_pt - 0.5 * em
                                                                   : 0.0;
  }
  // Natural width of glyphs [s, e]: the line-end mark in half width, the opener trimmed.
  double width_of(std::size_t s, std::size_t e, double indent) const {
    double w = -start_trim(s, indent) - end_reduction(e);
    for (std::size_t k = s; k <= e; ++k) w += g[k].advance_pt + (k > s ? g[k].gap_before_pt : 0.0);
    return w;
  }
  std::size_t last_non_space_in(std::size_t s, std::size_t e) const {
    while (e > s && is_space(g[e].cp)) --e;
    return e;
  }
  // Whether the gap before glyph k may stretch.
  bool stretchable(std::size_t k) const {
    const char32_t a = g[k - 1].cp, b = g[k].cp;
    if (latin_side(a) && latin_side(b)) return false;  // inside a Latin word or a number
    if (a == b && (a == em_dash || a == ellipsis)) return false;
    if (is_connector(a) || is_connector(b)) return false;
    // A number keeps its sign and its unit (−5℃, 5.0%).
    if ((a == 0x2212 && is_digit(b)) || (is_digit(a) && (b == U'%' || b == U'‰' || b == U'℃')))
      return false;
    return true;
  }
  // W4: what glyph k of a line [s, e] may give up. Cells shrink to half an em; a Latin word
  // space to a quarter; a Han–Latin gap to an eighth. The line's last glyph (already set in
  // half width) and a trimmed opener at its start give nothing.
  std::pair<Shrink, double> shrink_of(std::size_t k, std::size_t s, std::size_t e) const {
    const char32_t c = g[k].cp;
    if (k == e) return {none, 0.0};
    if (is_space(c)) return {word_space, std::max(0.0, g[k].advance_pt - 0.25 * em)};
    if (k > s && g[k].gap_before_pt > 0.125 * em)
      return {han_latin, g[k].gap_before_pt - 0.125 * em};
    const double cell = std::max(0.0, g[k].advance_pt - 0.5 * em);
    if (uses_latin_font(c) || cell <= 0 || !st.squeeze_marks) return {none, 0.0};
    if (is_opener(c)) return {k == s ? none : bracket, cell};
    if (is_closer(c)) return {bracket, cell};
    if (c == U'，' || c == U'、' || c == U'；' || c == U'：') return {comma, cell};
    if (c == U'。' || c == U'？' || c == U'！') return {stop, cell};
    return {none, 0.0};
  }
  // How far each stretchable gap of line [s, e], `width` wide, opens when it is justified: what
  // Latin word spaces (to half an em) and Han–Latin gaps (to a third) cannot take, shared
  // equally (as stretch_line does).
  double spread_of(std::size_t s, std::size_t e, double width, double avail) const {
    double slack = avail - width;
    for (std::size_t k = s + 1; k < e; ++k) {
      if (is_space(g[k].cp)) slack -= std::max(0.0, 0.5 * em - g[k].advance_pt);
      if (g[k].gap_before_pt > 0) slack -= std::max(0.0, em / 3 - g[k].gap_before_pt);
    }
    std::size_t gaps = 0;
    for (std::size_t k = s + 1; k <= e; ++k) gaps += stretchable(k);
    return slack <= 0 || gaps == 0 ? 0.0 : slack / static_cast<double>(gaps);
  }
  double shrink_capacity(std::size_t s, std::size_t e) const {
    double cap = 0;
    for (std::size_t k = s; k <= e; ++k) cap += shrink_of(k, s, e).second;
    return cap;
  }
};

struct LineEnd {
  std::size_t last = 0;
  bool hyphen = false;
};

// A justified line [s, best] that would be spread beyond max_spread_em per gap ends where it
// comes nearest the edge instead: at the longest hyphenated part of the next word that fits, or
// at the first break or hyphenation point beyond it that the line can take by squeezing its
// punctuation and gaps (W4).
LineEnd nearest_end(const Measure& m, const std::vector<bool>& breaks, std::size_t s,
                    std::size_t best, std::size_t fit_end, double indent) {
  const double avail = m.st.width_pt - indent;
  const std::size_t n = m.g.size();
  if (m.st.align != LineAlign::justify || best + 1 >= n) return {best};
  const std::size_t last = m.last_non_space_in(s, best);
  if (m.spread_of(s, last, m.width_of(s, last, indent), avail) <= max_spread_em * m.em + eps)
    return {best};
  auto width = [&](std::size_t k, bool hyphen) {
    return m.width_of(s, k, indent) + (hyphen ? m.g[k].hyphen_pt : 0.0);
  };
  LineEnd under{last}, over{n};
  for (std::size_t k = fit_end; k > best && !under.hyphen; --k)
    if (m.g[k].hyphen && width(k, true) <= avail + eps) under = {k, true};
  for (std::size_t k = fit_end + 1; k < n && over.last == n && width(k, false) < avail + 2 * m.em;
       ++k) {
    const bool at_break = k + 1 < n && breaks[k + 1] && !is_space(m.g[k].cp);
    if (!at_break && !m.g[k].hyphen) continue;
    const bool hyphen = !at_break;
    if (width(k, hyphen) - avail <= m.shrink_capacity(s, k) + eps) over = {k, hyphen};
  }
  if (over.last < n &&
      width(over.last, over.hyphen) - avail < avail - width(under.last, under.hyphen))
    return over;
  return under.hyphen ? under : LineEnd{best};
}

// The longest line from glyph s that fits and ends at a permitted break (or, B4, that takes
// the marks after it which may not start a line, or a hyphenated part of a word); returns its
// last glyph.
LineEnd longest_line(const Measure& m, const std::vector<bool>& breaks, std::size_t s,
                     double indent) {
  const auto& g = m.g;
  const std::size_t n = g.size();
  const double em = m.em;
  const double avail = m.st.width_pt - indent;
  double acc = -m.start_trim(s, indent);
  std::size_t best = n, fit_end = s;
  for (std::size_t i = s; i < n; ++i) {
    acc += g[i].advance_pt + (i > s ? g[i].gap_before_pt : 0.0);
    if (is_space(g[i].cp)) continue;
    if (m.width_of(s, i, indent) <= avail + eps) {
      fit_end = i;
      if (breaks[i + 1]) best = i;
    }
    if (acc - 0.5 * em > avail + eps) break;
  }
  // B4: when the glyph after the longest fitting line is a mark that may not start a line,
  // try to pull it (and the marks right after it) back by compressing punctuation in the
  // line ("squeeze in"); only when that takes more than half an em is the line's last
  // character pushed down instead ("push out", which the greedy choice above already is).
  if (fit_end + 1 < n && !breaks[fit_end + 1] && never_line_start(g[fit_end + 1].cp)) {
    std::size_t j = fit_end + 1;
    while (j + 1 < n && !breaks[j + 1] && never_line_start(g[j + 1].cp)) ++j;
    const double over = m.width_of(s, j, indent) - avail;
    if (breaks[j + 1] && over <= 0.5 * em + eps && over <= m.shrink_capacity(s, j) + eps)
      return {j};
  }
  if (best == n) return {fit_end};  // one unbreakable run wider than the column
  return nearest_end(m, breaks, s, best, fit_end, indent);
}

// 1. Greedy breaking: line after line, each the longest that fits (spaces at a line's start and
// end dropped).
std::vector<LineRange> break_lines(const Measure& m, const std::vector<bool>& breaks) {
  const auto& g = m.g;
  const std::size_t n = g.size();
  std::vector<LineRange> ranges;
  std::size_t s = 0;
  while (s < n) {
    while (s < n && is_space(g[s].cp)) ++s;
    if (s >= n) break;
    const LineEnd best = longest_line(m, breaks, s, m.indent_of(ranges.size()));
    std::size_t end = best.last;
    while (!best.hyphen && end + 1 < n && is_space(g[end + 1].cp)) ++end;
    ranges.push_back({s, m.last_non_space_in(s, best.last), end, best.hyphen});
    s = end + 1;
  }
  return ranges;
}

// 2. P2: a paragraph's last line holds at least two characters that are not punctuation;
// otherwise the line above gives it one more (at the previous permitted break).
void balance_last_line(const Measure& m, const std::vector<bool>& breaks,
                       std::vector<LineRange>& ranges) {
  if (ranges.size() < 2 || m.st.align != LineAlign::justify) return;
  const auto& g = m.g;
  LineRange& last = ranges.back();
  LineRange& prev = ranges[ranges.size() - 2];
  std::size_t letters = 0;
  for (std::size_t k = last.first; k <= last.last; ++k)
    letters += !is_cjk_punct(g[k].cp) && !is_space(g[k].cp);
  if (letters >= 2) return;
  for (std::size_t b = prev.last; b > prev.first + 1; --b) {  // keep two on the line above
    if (!breaks[b] || is_space(g[b - 1].cp)) continue;
    const std::size_t new_last = m.last_non_space_in(prev.first, b - 1);
    if (m.width_of(b, last.last, 0) > m.st.width_pt + eps) break;
    last.first = b;
    prev.last = new_last;
    prev.end = b - 1;
    prev.hyphen = false;
    break;
  }
}

// How the glyphs of one line move: delta[k] moves glyph k and everything after it.
struct LineShift {
  const LineRange& r;
  std::vector<double> delta;
  // Where glyph k's change lands: before it (openers, Han–Latin gaps) or after it.
  void apply(std::size_t k, double amount, bool before) {
    const std::size_t i = k - r.first;
    (before ? delta[i] : delta[i + 1]) += amount;
  }
};

// A line wider than the column (squeezed in) shrinks by `need`, class after class of W4.
void shrink_line(const Measure& m, LineShift& shift, double need) {
  const LineRange& r = shift.r;
  for (int cls = word_space; cls < classes && need > eps; ++cls) {
    double cap = 0;
    for (std::size_t k = r.first; k <= r.last; ++k)
      if (m.shrink_of(k, r.first, r.last).first == cls)
        cap += m.shrink_of(k, r.first, r.last).second;
    if (cap <= 0) continue;
    const double take = std::min(need, cap);
    for (std::size_t k = r.first; k <= r.last; ++k) {
      const auto [c, amount] = m.shrink_of(k, r.first, r.last);
      if (c != cls) continue;
      const bool before = c == han_latin || (c == bracket && is_opener(m.g[k].cp));
      shift.apply(k, -take * amount / cap, before);
    }
    need -= take;
  }
}

// A justified line takes up `slack`: Latin word spaces stretch (to half an em), then Han–Latin
// gaps (to a third), then every gap equally, except inside —— and ……, Latin words and numbers,
// and next to connectors.
void stretch_line(const Measure& m, LineShift& shift, double slack) {
  const auto& g = m.g;
  const LineRange& r = shift.r;
  const double em = m.em;
  for (int pass = 0; pass < 2 && slack > eps; ++pass) {
    std::vector<std::pair<std::size_t, double>> room;
    double total = 0;
    for (std::size_t k = r.first + 1; k < r.last; ++k) {
      const double cap = pass == 0 ? (is_space(g[k].cp) ? 0.5 * em - g[k].advance_pt : 0.0)
                                   : (g[k].gap_before_pt > 0 ? em / 3 - g[k].gap_before_pt : 0);
      if (cap > 0) room.push_back({k, cap}), total += cap;
    }
    if (total <= 0) continue;
    const double take = std::min(slack, total);
    for (const auto& [k, cap] : room) shift.apply(k, take * cap / total, pass == 1);
    slack -= take;
  }
  std::size_t gaps = 0;
  for (std::size_t k = r.first + 1; k <= r.last; ++k) gaps += m.stretchable(k);
  if (gaps > 0 && slack > eps) {
    const double per_gap = slack / static_cast<double>(gaps);
    for (std::size_t k = r.first + 1; k <= r.last; ++k)
      if (m.stretchable(k)) shift.apply(k, per_gap, true);
  }
}

// Where glyph k of line r is drawn in its cell: a narrow quotation mark set in half a cell at
// the line's edge (a closer ending it, an opener trimmed at its start) is centred in the half
// by its text.
double pen_offset(const Measure& m, const LineRange& r, std::size_t k, double indent) {
  const ShapedGlyph& g = m.g[k];
  if (g.ink_centre_pt <= 0) return g.pen_offset_pt;
  if (k == r.last && !r.hyphen && m.end_reduction(k) > 0) return 0.25 * m.em - g.ink_centre_pt;
  if (k == r.first && m.start_trim(k, indent) > 0) return 0.75 * m.em - g.ink_centre_pt;
  return g.pen_offset_pt;
}

// 3. Positions of line `li`: shrunk when squeezed in, stretched when justified, else aligned.
SetLine position_line(const Measure& m, const LineRange& r, std::size_t li, bool last_line) {
  const auto& g = m.g;
  const double indent = m.indent_of(li);
  const double avail = m.st.width_pt - indent;
  const double hyphen = r.hyphen ? g[r.last].hyphen_pt : 0.0;
  const double width = m.width_of(r.first, r.last, indent) + hyphen;
  const std::size_t count = r.last - r.first + 1;
  LineShift shift{r, std::vector<double>(count + 1, 0.0)};
  const double slack = avail - width;
  double offset = 0;
  if (slack < -eps)
    shrink_line(m, shift, -slack);
  else if (m.st.align == LineAlign::justify && !last_line && slack > eps)
    stretch_line(m, shift, slack);
  else if (m.st.align == LineAlign::center)
    offset = slack / 2;
  else if (m.st.align == LineAlign::right)
    offset = slack;

  SetLine line;
  line.natural_width_pt = width;
  double x = indent + offset - m.start_trim(r.first, indent);
  for (std::size_t k = r.first; k <= r.last; ++k) {
    const std::size_t i = k - r.first;
    if (k > r.first) x += g[k].gap_before_pt;
    x += shift.delta[i];
    line.glyphs.push_back({g[k].cp, g[k].font, x, g[k].advance_pt, pen_offset(m, r, k, indent),
                           g[k].font_advance_pt, g[k].stroke_pt});
    x += g[k].advance_pt;
  }
  if (r.hyphen)
    line.glyphs.push_back(
        {g[r.last].hyphen, g[r.last].font, x, hyphen, 0.0, hyphen, g[r.last].stroke_pt});
  return line;
}

}  // namespace

std::vector<SetLine> set_lines(const std::vector<ShapedGlyph>& g, const std::vector<bool>& breaks,
                               const LineStyle& st) {
  const Measure m{g, st, st.size_pt};
  std::vector<LineRange> ranges = break_lines(m, breaks);
  balance_last_line(m, breaks, ranges);
  std::vector<SetLine> lines;
  for (std::size_t li = 0; li < ranges.size(); ++li)
    lines.push_back(position_line(m, ranges[li], li, li + 1 == ranges.size()));
  return lines;
}

}  // namespace jb::layout
