#include "layout/composer.hpp"

#include <algorithm>
#include <cmath>

#include "core/char_class.hpp"
#include "core/utf8.hpp"
#include "layout/font_choice.hpp"
#include "layout/hyphenate.hpp"

namespace jb::layout::detail {

using namespace core;  // character classes
using vocab::FontRole;

Composer::Composer(const model::Document& doc, const TextMeasurer& m)
    : doc_(doc), m_(m), shaper_(m, doc.typography, problems_) {
  out_.width_pt = doc.page.width_pt;
  out_.height_pt = doc.page.height_pt;
  use_area(false);
  pitch_ = doc.style.line_pitch_pt;
  out_.fonts = doc.fonts;
  out_.title = doc.title;
  out_.author = doc.issuer;
  out_.year = doc.year, out_.month = doc.month, out_.day = doc.day;
}

PageLayout Composer::run() {
  new_page(false);
  if (official()) {
    official_head();
    official_title();
    body_top_ = cursor_;
  } else if (jianbao()) {
    masthead();
  } else {
    briefing_title();
  }
  const auto& blocks = doc_.blocks;
  const std::vector<bool> landscape = landscape_blocks();
  out_.block_pages.assign(blocks.size(), {0, 0});
  plan_floats();
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    current_ = i;
    if (landscape[i] != page().landscape) {
      place_waiting(true);
      turn_pages(landscape[i]);
    } else if (stops_floats(i)) {
      place_waiting(true);
    }
    if (defer(i)) continue;
    place_block(i);
    place_waiting(false);  // a float whose reference has come, when it fits under it
  }
  current_ = blocks.size();
  place_waiting(true);
  emit_pending_heading();  // never left waiting
  // A heading is set with what follows it, on that block's pages; one waiting for a table or
  // chart is set on its first page.
  for (std::size_t i = blocks.size(); i-- > 1;)
    if (std::holds_alternative<model::Heading>(blocks[i - 1])) {
      auto& [first, last] = out_.block_pages[i - 1];
      last = std::max(last, out_.block_pages[i].second);
      if (std::holds_alternative<model::Table>(blocks[i]) ||
          std::holds_alternative<model::ChartRef>(blocks[i]))
        first = std::max(first, out_.block_pages[i].first);
    }
  if (!blocks.empty() && std::holds_alternative<model::Heading>(blocks.back()))
    out_.block_pages.back().second = out_.pages.size() - 1;
  if (official()) official_closing();
  // A page break at the end (or before nothing) leaves no blank page behind.
  while (out_.pages.size() > 1 && blank(page())) drop_last_page();
  numbered_.assign(out_.pages.size(), true);
  if (official()) official_record();
  if (jianbao()) masthead_record();
  for_each_area([&] {
    place_footnotes();
    if (!official()) running_headers();
    page_marks();
    watermarks();
    number_pages();
  });
  problems_.throw_if_errors(core::ExitCode::data_error);
  if (shaper_.unhyphenated())
    out_.warnings.push_back({core::Severity::warning, *shaper_.unhyphenated(),
                             hyphenation_problem(),
                             core::say("lines with a long word may be spread").str()});
  return std::move(out_);
}

// ---- text -------------------------------------------------------------------------------------

std::string excerpt(const std::string& text) {
  const auto cps = core::decode_utf8(text).value_or(U"");
  return cps.size() <= 16 ? text : core::encode_utf8(cps.substr(0, 16)) + "…";
}

std::vector<SetLine> Composer::set_shaped(const Shaped& s, const TextStyle& ts, double width,
                                          double indent, LineAlign align) {
  return set_lines(s.glyphs, s.breaks,
                   LineStyle{ts.size_pt, width, indent, align, doc_.typography.trim_opening_bracket,
                             ts.tracking_pt == 0});  // tracked text is on the gbt9704 grid
}

std::vector<SetLine> Composer::set(const std::string& utf8, const TextStyle& ts, double width,
                                   double indent, LineAlign align, const Origin& o) {
  return set_shaped(shape_text(utf8, ts, o), ts, width, indent, align);
}

Shaped Composer::shape_words(const std::string& utf8, const TextStyle& ts, const Origin& o) {
  Shaped s = shape_text(utf8, ts, o);
  std::u32string text;
  for (const auto& g : s.glyphs) text.push_back(g.cp);
  keep_words(text, s.breaks);
  return s;
}

std::vector<SetLine> Composer::set_title(const std::string& utf8, const TextStyle& ts,
                                         const Origin& o) {
  Shaped s = shape_words(utf8, ts, o);
  auto lines = set_shaped(s, ts, width_, 0, LineAlign::center);
  if (lines.size() < 2) return lines;
  // The narrowest width that needs no more lines: the lines come out as even as they can.
  double lo = width_ / static_cast<double>(lines.size()), hi = width_;
  for (int k = 0; k < 30 && hi - lo > 0.25; ++k) {
    const double mid = (lo + hi) / 2;
    (set_shaped(s, ts, mid, 0, LineAlign::center).size() <= lines.size() ? hi : lo) = mid;
  }
  lines = set_shaped(s, ts, hi, 0, LineAlign::center);
  for (auto& l : lines)
    for (auto& g : l.glyphs) g.x_pt += (width_ - hi) / 2;
  return lines;
}

// The widest line of the text set without a width limit (its natural single-line width, or the
// widest of its forced lines).
double Composer::natural_width(const Shaped& s, const TextStyle& ts) {
  double w = 0;
  for (const auto& l : set_shaped(s, ts, 1e6, 0, LineAlign::left))
    w = std::max(w, l.natural_width_pt);
  return w;
}

void Composer::emit(const SetLine& line, double x0, double baseline, const TextStyle& ts) {
  emit_on(page(), line, x0, baseline, ts);
}

// Emits a set line as runs: consecutive glyphs of one font with a uniform extra spacing.
void Composer::emit_on(Page& target, const SetLine& line, double x0, double baseline,
                       const TextStyle& ts, double stroke_pt) {
  const auto& gs = line.glyphs;
  // Where the PDF's pen draws glyph k, and the gap it leaves before glyph k + 1.
  auto pen = [&](std::size_t k) { return gs[k].x_pt + gs[k].pen_offset_pt; };
  auto gap_after = [&](std::size_t k) { return pen(k + 1) - pen(k) - gs[k].font_advance_pt; };
  std::size_t i = 0;
  while (i < gs.size()) {
    // A stroked bold is a run of its own (the line's stroke, when it has one, covers all).
    auto same_face = [&](std::size_t k) {
      return gs[k].font == gs[i].font && gs[k].stroke_pt == gs[i].stroke_pt;
    };
    if (model::is_footnote_mark(gs[i].cp)) {  // its number on this page, raised
      const auto page = static_cast<std::size_t>(&target - out_.pages.data());
      const char32_t circled = U'①' + footnote_number(page, gs[i].cp - model::footnote_mark) - 1;
      const auto role = choose_font(m_, {ts.cjk, ts.latin}, circled).value_or(gs[i].font);
      target.runs.push_back({x0 + pen(i),
                             baseline + footnote_rise * ts.size_pt,
                             role,
                             footnote_scale * ts.size_pt,
                             {circled},
                             0.0,
                             ts.color,
                             0.0});
      ++i;
      continue;
    }
    GlyphRun run{x0 + pen(i), baseline, gs[i].font, ts.size_pt,
                 {gs[i].cp},  0.0,      ts.color,   stroke_pt > 0 ? stroke_pt : gs[i].stroke_pt};
    std::size_t j = i + 1;
    if (j < gs.size() && same_face(j)) run.char_space_pt = gap_after(i);
    // A run keeps one spacing; a wide gap (beyond what a PDF viewer and libharu take as
    // character spacing) starts a new run instead, and so does a glyph placed in its cell.
    while (j < gs.size() && same_face(j) && !model::is_footnote_mark(gs[j].cp) &&
           std::fabs(run.char_space_pt) < 20.0 &&
           std::fabs(gap_after(j - 1) - run.char_space_pt) < 0.001) {
      run.text.push_back(gs[j].cp);
      ++j;
    }
    if (j == i + 1) run.char_space_pt = 0;
    target.runs.push_back(std::move(run));
    i = j;
  }
}

// ---- pages ------------------------------------------------------------------------------------

void Composer::new_page(bool landscape) {
  if (!out_.pages.empty()) page_ends_.push_back(cursor_);
  out_.pages.emplace_back();
  out_.pages.back().landscape = landscape;
  use_area(landscape);
  cursor_ = top_;
  foot_reserved_ = 0;
  if (!waiting_.empty()) place_waiting(false);  // the floats waiting go at its top
}

void Composer::use_area(bool landscape) {
  const auto& p = doc_.page;
  landscape_ = landscape;
  if (!landscape) {
    left_ = p.margin_left_pt;
    width_ = p.width_pt - p.margin_left_pt - p.margin_right_pt;
    top_ = p.height_pt - p.margin_top_pt;
    bottom_ = p.margin_bottom_pt;
    return;
  }
  // Turned a quarter: the top and bottom margins go to the sides, the left one to the top.
  left_ = p.margin_top_pt;
  width_ = p.height_pt - p.margin_top_pt - p.margin_bottom_pt;
  top_ = p.width_pt - p.margin_left_pt;
  bottom_ = p.margin_right_pt;
}

void Composer::drop_last_page() {
  out_.pages.pop_back();
  if (feet_.size() > out_.pages.size()) feet_.resize(out_.pages.size());
  use_area(page().landscape);
  cursor_ = page_ends_.back();
  page_ends_.pop_back();
  foot_reserved_ = feet_height(out_.pages.size() - 1);
}

void Composer::turn_pages(bool landscape) {
  if (out_.pages.size() > 1 && page_empty() && blank(page())) drop_last_page();
  new_page(landscape);
}

std::vector<bool> Composer::landscape_blocks() {
  const auto& blocks = doc_.blocks;
  std::vector<bool> out(blocks.size(), false);
  int section = 0;  // the level of the landscape heading whose section this is (0: none)
  const double portrait = doc_.page.width_pt - doc_.page.margin_left_pt - doc_.page.margin_right_pt;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (const auto* h = std::get_if<model::Heading>(&blocks[i])) {
      if (section && h->level <= section) section = 0;
      if (h->landscape) section = h->level;
    }
    out[i] = section != 0;
    if (const auto* t = std::get_if<model::Table>(&blocks[i])) {
      using vocab::Orientation;
      out[i] = t->orientation == Orientation::landscape ||
               (t->orientation == Orientation::automatic && (out[i] || !table_fits(*t, portrait)));
    }
  }
  // A heading before a table or chart is set with its first part, on its page.
  for (std::size_t i = blocks.size(); i-- > 1;)
    if (std::holds_alternative<model::Heading>(blocks[i - 1]) &&
        (std::holds_alternative<model::Table>(blocks[i]) ||
         std::holds_alternative<model::ChartRef>(blocks[i])))
      out[i - 1] = out[i];
  return out;
}

// A new page may take waiting floats at its top: then, when what is left is too short, the
// next one.
void Composer::ensure(double height) {
  while (height > room() + 0.01 && !page_empty()) new_page();
}

// Moves the cursor down to the next line of the body grid (P3).
void Composer::snap_to_grid() {
  const double used = top_ - cursor_;
  cursor_ = top_ - std::ceil(used / pitch_ - 1e-6) * pitch_;
}

double Composer::baseline_in(double box_top, double box_height, double size) const {
  return box_top - (box_height - size) / 2 - ascent_em * size;
}

TextStyle Composer::body_style() const {
  if (official())
    return {FontRole::fang, FontRole::latin, doc_.style.body_size_pt, black,
            doc_.style.tracking_pt};
  return {FontRole::song, FontRole::latin, doc_.style.body_size_pt, black, doc_.style.tracking_pt};
}

std::size_t Composer::lines_that_fit(std::size_t count, std::size_t done, double pitch,
                                     double room_pt) const {
  const std::size_t left = count - done;
  auto fit = static_cast<std::size_t>(std::max(0.0, std::floor((room_pt + 0.01) / pitch)));
  if (fit >= left) return left;
  if (count > 1) {
    if (left - fit == 1 && fit >= 2) fit -= 1;  // widow: the last line alone at the head
    if (fit == 1 && done == 0) fit = 0;         // orphan: the first line alone at the foot
  }
  return fit;
}

// Lines of one paragraph-like block on the body grid, split across pages without leaving a
// single line alone at the foot or the head of a page.
double Composer::first_part_height(std::size_t count, double pitch) const {
  for (std::size_t k = 1; k <= count; ++k)
    if (lines_that_fit(count, 0, pitch, static_cast<double>(k) * pitch) > 0)
      return static_cast<double>(k) * pitch;
  return static_cast<double>(count) * pitch;
}

void Composer::flow_lines(const std::vector<SetLine>& lines, const TextStyle& ts, double line_pitch,
                          double x0, double stroke_pt) {
  if (x0 < 0) x0 = left_;
  std::size_t i = 0;
  while (i < lines.size()) {
    std::size_t fit = lines_that_fit(lines.size(), i, line_pitch, room());
    if (fit == 0) {
      if (page_empty())
        fit = 1;  // a line taller than the page: set it anyway
      else {
        new_page();
        continue;
      }
    }
    for (std::size_t k = 0; k < fit && i < lines.size(); ++k, ++i) {
      // A line whose footnotes do not fit at this page's foot with it starts the next page.
      if (!page_empty() && room() + 0.01 < line_pitch + foot_growth(lines[i])) break;
      emit_on(page(), lines[i], x0, baseline_in(cursor_, line_pitch, ts.size_pt), ts, stroke_pt);
      cursor_ -= line_pitch;
    }
    if (i < lines.size()) new_page();
  }
}

// A caption, a note or a waiting heading: placed where its block has made room for it, and
// flowed on over the next pages when it is taller than that (never below the type area).
void Composer::emit_lines(const Lines& l) {
  if (l.lines.empty()) return;
  cursor_ -= l.space_before_pt;
  flow_lines(l.lines, l.style, l.pitch_pt);
}

double Composer::first_part_height(const Lines& l) const {
  return l.lines.empty() ? 0.0 : l.space_before_pt + first_part_height(l.lines.size(), l.pitch_pt);
}

}  // namespace jb::layout::detail
