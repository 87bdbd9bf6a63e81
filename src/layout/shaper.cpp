#include "layout/shaper.hpp"

#include <algorithm>

#include "core/char_class.hpp"
#include "core/links.hpp"
#include "core/utf8.hpp"
#include "layout/font_choice.hpp"
#include "layout/hyphenate.hpp"

namespace jb::layout::detail {

using namespace core;  // character classes

namespace {

// W2: marks whose right half is blank (closers, and pause marks but for ？！).
bool blank_right(char32_t c) {
  return (is_closer(c) && !uses_latin_font(c)) || c == U'，' || c == U'。' || c == U'、' ||
         c == U'；' || c == U'：';
}
bool full_width_mark(char32_t c) {
  return (is_opener(c) || is_closer(c) || half_at_line_end(c)) && !uses_latin_font(c);
}
bool full_width_opener(char32_t c) { return is_opener(c) && !uses_latin_font(c); }
// W5: what the Han–Latin gap separates from Han: Latin letters and digits, the minus sign and
// the full-width digits.
bool latin_spaced(char32_t c) {
  return (uses_latin_font(c) && c != ' ') || c == 0x2212 || (c >= 0xFF10 && c <= 0xFF19);
}
bool is_quote(char32_t c) { return c == U'“' || c == U'”' || c == U'‘' || c == U'’'; }
// W2: a mark gives up the blank right half of its cell; a narrow quotation mark is centred in
// the half left.
void give_right_half(ShapedGlyph& p, double em) {
  p.advance_pt -= 0.5 * em;
  if (p.ink_centre_pt > 0) p.pen_offset_pt = 0.25 * em - p.ink_centre_pt;
}

}  // namespace

// The fonts character `index` is set in: the style's, or its span's (kai, bold), and the stroke
// of a bold set in the regular face (the same advances: only the ink is heavier).
std::pair<FontPair, double> Shaper::face_of(std::size_t index, const TextStyle& ts, const Origin& o,
                                            bool latin) const {
  FontPair pair{ts.cjk, ts.latin};
  if (!o.emphasis || index >= o.emphasis->size()) return {pair, 0.0};
  const vocab::Emphasis e = (*o.emphasis)[index];
  if (e.kai) pair.cjk = vocab::FontRole::kai;
  if (!e.bold) return {pair, 0.0};
  const BoldPair bold = bold_pair(typography_.bold, pair);
  const bool stroked = latin ? bold.latin_stroked : bold.cjk_stroked;
  return {bold.pair, stroked ? vocab::fake_bold_stroke_em : 0.0};
}

void Shaper::character_error(const Origin& o, std::size_t index, const core::Text& message,
                             const core::Text& hint) const {
  core::SourceLocation at = o.where;
  std::string context = o.context;
  if (o.chars && index < o.chars->size()) {
    at = o.chars->at(index);
    if (!o.chars->context(index).empty()) context = o.chars->context(index);
  }
  // TRANSLATORS: a character's problem, then where the character is ("in the table's column
  // '企业'").
  problems_.error(std::move(at),
                  context.empty() ? message : core::say("{} {}", message.str(), context), hint);
}

std::optional<ShapedGlyph> Shaper::glyph(char32_t c, std::size_t index, const TextStyle& ts,
                                         const Origin& o) const {
  if (model::is_footnote_mark(c)) return footnote_marker(c, index, ts, o);
  if (c > 0xFFFF) {
    character_error(o, index,
                    core::say("the character '{}' ({}) is outside the Basic Multilingual Plane",
                              core::encode_utf8(std::u32string(1, c)), core::code_point_name(c)),
                    core::say("the PDF writer (libharu 2.3.0) would print it as a blank; write the "
                              "character another way or leave it out"));
    return std::nullopt;
  }
  const auto [pair, stroke_em] = face_of(index, ts, o, uses_latin_font(c));
  const auto role = choose_font(m_, pair, c);
  if (!role) {
    character_error(o, index, missing_character_message(c),
                    core::say("no font of the {} chain has it; map a font that does in the spec's "
                              "'fonts' section",
                              vocab::font_role_name(ts.cjk)));
    return std::nullopt;
  }
  const double em = ts.size_pt;
  const double font_advance = *m_.advance_em(*role, c) * em;
  ShapedGlyph g{c, *role, font_advance, 0.0, 0.0, font_advance, stroke_em * em};
  // F3: a full-width mark whose glyph is narrower than its cell is placed in the cell.
  const core::PunctuationCell cell = core::punctuation_cell(c);
  if (cell.width_em > 0 && font_advance < cell.width_em * em - 0.01) {
    g.advance_pt = cell.width_em * em;
    const double spare = g.advance_pt - font_advance;
    g.pen_offset_pt = cell.place == core::CellPlacement::right    ? spare
                      : cell.place == core::CellPlacement::center ? spare / 2
                                                                  : 0.0;
    // A narrow quotation mark (楷体's are a third of an em) has its ink centred in its cell:
    // flush with an edge it would leave a hole on the other side.
    const auto ink =
        is_quote(c) && cell.width_em == 1.0 ? m_.ink_extent_em(*role, c) : std::nullopt;
    if (ink && font_advance < 0.75 * em) {
      g.ink_centre_pt = (ink->first + ink->second) / 2 * em;
      g.pen_offset_pt = 0.5 * em - g.ink_centre_pt;
    }
  }
  if (!uses_latin_font(c)) g.advance_pt += ts.tracking_pt;  // the grid's character pitch
  return g;
}

// A footnote's marker: as wide as ① in its small size; the number is chosen on its page.
std::optional<ShapedGlyph> Shaper::footnote_marker(char32_t c, std::size_t index,
                                                   const TextStyle& ts, const Origin& o) const {
  const auto role = choose_font(m_, {ts.cjk, ts.latin}, U'①');
  if (!role) {
    character_error(o, index, core::say("no font has the footnote marker ① (U+2460)"),
                    core::say("map a font with the circled numbers ①–⑳ in the spec's 'fonts' "
                              "section"));
    return std::nullopt;
  }
  const double advance = *m_.advance_em(*role, U'①') * footnote_scale * ts.size_pt;
  return ShapedGlyph{c, *role, advance, 0.0, 0.0, advance};
}

void Shaper::fit_to_previous(ShapedGlyph& p, ShapedGlyph& g, const TextStyle& ts) const {
  const double em = ts.size_pt;
  const char32_t c = g.cp;
  // W5: a gap between Han and Latin letters or digits (a quarter em by default).
  if ((is_han(p.cp) && latin_spaced(c)) || (latin_spaced(p.cp) && is_han(c)))
    g.gap_before_pt = typography_.han_latin_gap_em * em;
  // W1: ？！ ？？ ！！ written together share one cell, each ink centred in its half.
  auto stop = [](char32_t x) { return x == U'？' || x == U'！'; };
  if (stop(p.cp) && stop(c) && p.advance_pt > 0.75 * em && g.advance_pt > 0.75 * em) {
    auto centre_in_half = [&](ShapedGlyph& x) {
      const auto ink = m_.ink_extent_em(x.font, x.cp);
      const double centre = ink ? (ink->first + ink->second) / 2 : 0.5;
      x.pen_offset_pt = (0.25 - centre) * em;
      x.advance_pt = 0.5 * em + ts.tracking_pt;
    };
    centre_in_half(p);
    centre_in_half(g);
  }
  // W2: two marks with a blank side between them share it (。” ）、 ，“ → 1.5 em). An
  // opener after an opener or a dash gives up its left half (（“《 —“), a closer before a
  // dash its right half (”—); （） stays as it is.
  // The opener's own blank half goes whatever the width left to the one before it (the middle
  // of （“《 has given up its left half already).
  constexpr char32_t dash = 0x2014;
  if ((p.cp == dash || full_width_opener(p.cp)) && full_width_opener(c) &&
      g.advance_pt > 0.75 * em) {
    g.advance_pt -= 0.5 * em;
    g.pen_offset_pt =
        g.ink_centre_pt > 0 ? 0.25 * em - g.ink_centre_pt : g.pen_offset_pt - 0.5 * em;
    return;
  }
  if (c == dash && blank_right(p.cp) && p.advance_pt > 0.75 * em) {
    give_right_half(p, em);
    return;
  }
  if (full_width_mark(c) && p.advance_pt > 0.75 * em) {
    // ？！ have a blank right half in most GB fonts (not in every 仿宋): their ink decides.
    const auto ink =
        (p.cp == U'？' || p.cp == U'！') ? m_.ink_extent_em(p.font, p.cp) : std::nullopt;
    if (blank_right(p.cp) || (ink && ink->second <= 0.55 && p.pen_offset_pt == 0))
      give_right_half(p, em);
  }
}

namespace {

// Pens stay in the text's order: a mark drawn back into the blank half before it (the 《 of
// （“《) never starts left of the narrow quotation mark centred there, or text extractors,
// which read by position, would read them the other way round.
void keep_pen_order(ShapedGlyph& p, const ShapedGlyph& g) {
  p.pen_offset_pt = std::min(p.pen_offset_pt, p.advance_pt + g.pen_offset_pt);
}

}  // namespace

std::vector<ShapedGlyph> Shaper::glyphs(const std::string& utf8, const TextStyle& ts,
                                        const Origin& o) const {
  std::vector<ShapedGlyph> out;
  const auto text = core::decode_utf8(utf8);
  if (!text) {
    problems_.error(o.where, core::say("text is not valid UTF-8"));
    return out;
  }
  for (std::size_t i = 0; i < text->size(); ++i) {
    auto g = glyph((*text)[i], i, ts, o);
    if (!g) continue;
    if (!out.empty() && !model::is_footnote_mark(out.back().cp) &&
        !model::is_footnote_mark(g->cp)) {
      fit_to_previous(out.back(), *g, ts);
      keep_pen_order(out.back(), *g);
    }
    out.push_back(*g);
  }
  return out;
}

// The hyphenation points of the long English words of `text` (not of an address, nor of a word
// run together with digits), each with the hyphen its font draws: a soft hyphen (U+00AD, which
// a text extractor knows is no part of the word) where the font has one.
void Shaper::hyphenation(const std::u32string& text, double em, const Origin& o,
                         std::vector<ShapedGlyph>& gs) const {
  auto letter = [](char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  std::vector<bool> in_link(text.size(), false);
  for (const core::LinkSpan& l : core::find_links(text))
    for (std::size_t k = l.begin; k < l.end; ++k) in_link[k] = true;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t e = i;
    while (e < text.size() && letter(text[e])) ++e;
    if (e == i) {
      ++i;
      continue;
    }
    const bool glued = (i > 0 && is_latin_alnum(text[i - 1])) ||
                       (e < text.size() && (is_latin_alnum(text[e]) || text[e] == '-'));
    if (!glued && !in_link[i] && e - i >= min_hyphenated_word) {
      if (!hyphenation_problem().empty() && !unhyphenated_) unhyphenated_ = o.where;
      const auto points = hyphenation_points(std::u32string_view(text).substr(i, e - i));
      for (std::size_t k = 0; k < points.size(); ++k) {
        if (!points[k]) continue;
        ShapedGlyph& g = gs[i + k];
        const bool soft = m_.advance_em(g.font, 0xAD).has_value();
        g.hyphen = soft ? char32_t{0xAD} : char32_t{'-'};
        g.hyphen_pt = m_.advance_em(g.font, g.hyphen).value_or(0.33) * em;
      }
    }
    i = e;
  }
}

Shaped Shaper::shape(const std::string& utf8, const TextStyle& ts, const Origin& o) const {
  Shaped out{glyphs(utf8, ts, o), {}};
  std::u32string text;
  for (const auto& g : out.glyphs) text.push_back(g.cp);
  hyphenation(text, ts.size_pt, o, out.glyphs);
  out.breaks = find_breaks(text, typography_.strict);
  for (std::size_t i = 0; i < text.size(); ++i)  // a marker stays with the word it explains
    if (model::is_footnote_mark(text[i])) out.breaks[i] = false;
  return out;
}

}  // namespace jb::layout::detail
