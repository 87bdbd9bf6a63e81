// layout: the body's blocks: headings, paragraphs, lists, quotations, charts, and the captions
// and notes of charts and tables (the tables themselves: table.cpp).
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "core/char_class.hpp"
#include "core/utf8.hpp"
#include "layout/composer.hpp"

namespace jb::layout::detail {

using vocab::FontRole;

// ---- headings, paragraphs, lists, quotations ---------------------------------------------------

TextStyle Composer::heading_style(int level) const {
  const auto& st = doc_.style;
  const double track = st.tracking_pt;
  if (official()) {  // GB/T 9704: 一、 hei, （一） kai, 1. and （1） fang, all in the body size
    const FontRole role = level == 1 ? FontRole::hei : level == 2 ? FontRole::kai : FontRole::fang;
    return {role, FontRole::latin, st.body_size_pt, black, track};
  }
  if (level == 1) return {FontRole::hei, FontRole::latin_sans, st.heading_size_pt, black, track};
  if (level == 2) return {FontRole::kai, FontRole::latin, st.subheading_size_pt, black, track};
  return {FontRole::song, FontRole::latin, st.body_size_pt, black, track};
}

std::vector<SetLine> Composer::heading_lines(const model::Heading& h) {
  core::Provenance origin;  // the generated number, then the heading's own text
  origin.push(core::count_code_points(h.number), h.where);
  origin.append(h.origin);
  const TextStyle ts = heading_style(h.level);
  // A heading breaks between words only, and a wrapped one is justified as body text is.
  return set_shaped(shape_words(h.number + h.text, ts, {h.where, &origin}), ts, width_,
                    2 * doc_.style.body_size_pt, LineAlign::justify);
}

std::vector<SetLine> Composer::paragraph_lines(const model::Paragraph& p) {
  const TextStyle ts = body_style();
  return set(p.text, ts, width_, 2 * ts.size_pt, LineAlign::justify,
             {p.where, &p.origin, {}, &p.emphasis});
}

// Keep with next: the least height the block after a heading needs on this page so that the
// heading does not end a page alone: two lines of a paragraph (all of a short one, and three of
// a three-line one, which cannot be split two and one), a list's first item, a quotation's
// first lines. (A table or chart places the heading before it itself, measured exactly.)
double Composer::first_lines_height(const model::Block& next) {
  auto for_lines = [&](std::size_t n) { return first_part_height(n, pitch_); };
  if (const auto* p = std::get_if<model::Paragraph>(&next))
    return for_lines(paragraph_lines(*p).size());
  if (const auto* l = std::get_if<model::List>(&next))
    return l->items.empty() ? 0.0 : for_lines(paragraph_lines(l->items.front()).size());
  if (std::holds_alternative<model::Quote>(next)) return for_lines(2);
  if (const auto* h = std::get_if<model::Heading>(&next))
    return static_cast<double>(heading_lines(*h).size() + 2) * pitch_;
  if (const auto* n = std::get_if<model::Notes>(&next))
    return first_part_height(notes_lines(n->items, "", {n->where}));
  return 0.0;  // a table or chart places a heading before it itself
}

void Composer::place(const model::Heading& h, const model::Block* next) {
  const auto lines = heading_lines(h);
  const TextStyle ts = heading_style(h.level);
  // Before a table or a chart the heading waits: the block places it with its own first part
  // (caption, header row and first row; or the whole chart), measured exactly.
  if (next && (std::holds_alternative<model::Table>(*next) ||
               std::holds_alternative<model::ChartRef>(*next))) {
    pending_heading_ = Lines{lines, ts, pitch_, 0.0};
    return;
  }
  const double need =
      pitch_ * static_cast<double>(lines.size()) +
      (next && !std::holds_alternative<model::PageBreak>(*next) ? first_lines_height(*next) : 0.0);
  ensure(need);
  flow_lines(lines, ts, pitch_);  // a heading taller than a page goes on over the next
}

void Composer::place(const model::Paragraph& p, const model::Block*) {
  flow_lines(paragraph_lines(p), body_style(), pitch_);
}

// A list: each item a paragraph led by "——", as Chinese reports set their points.
void Composer::place(const model::List& l, const model::Block*) {
  for (const auto& item : l.items) flow_lines(paragraph_lines(item), body_style(), pitch_);
}

// A quotation: kai, two characters in from both edges, its first line two more.
TextStyle Composer::quote_style() const {
  TextStyle ts = body_style();
  ts.cjk = FontRole::kai;
  return ts;
}

std::vector<SetLine> Composer::quote_lines(const model::Quote& q) {
  const TextStyle ts = quote_style();
  const double width = width_ - 4 * ts.size_pt;
  auto lines = set(q.text.text, ts, width, 2 * ts.size_pt, LineAlign::justify,
                   {q.text.where, &q.text.origin, {}, &q.text.emphasis});
  if (q.source.text.empty()) return lines;
  // The attribution on a line of its own, right-aligned after a —— (one the author wrote is
  // not doubled), broken between words when long; flowed with the quotation's last line.
  std::string source = q.source.text;
  for (const std::string dash : {"——", "—"})
    if (source.rfind(dash, 0) == 0) {
      source.erase(0, dash.size());
      break;
    }
  core::Provenance origin;
  origin.push(2, q.source.where);
  const auto skipped = core::count_code_points(q.source.text) - core::count_code_points(source);
  for (std::size_t i = skipped; i < q.source.origin.size(); ++i)
    origin.push(q.source.origin.at(i), q.source.origin.context(i));
  for (auto& l : set_shaped(shape_words("——" + source, ts, {q.source.where, &origin}), ts, width, 0,
                            LineAlign::right))
    lines.push_back(std::move(l));
  return lines;
}

void Composer::place(const model::Quote& q, const model::Block*) {
  const TextStyle ts = quote_style();
  flow_lines(quote_lines(q), ts, pitch_, left_ + 2 * ts.size_pt);
}

void Composer::place(const model::PageBreak&, const model::Block*) {
  if (!page_empty()) new_page();
}

void Composer::emit_pending_heading() {
  if (!pending_heading_) return;
  emit_lines(*pending_heading_);
  pending_heading_.reset();
}

// ---- captions, charts, tables ------------------------------------------------------------------

// Captions (above a table or chart) and source notes (below it) are set before their block is
// placed, so that the block, its caption and its note are kept together by their real heights.
Lines Composer::caption_lines(const std::string& text, const Origin& where) {
  const TextStyle ts{FontRole::hei, FontRole::latin_sans, doc_.style.caption_size_pt, black};
  return {
      text.empty() ? std::vector<SetLine>{} : set(text, ts, width_, 0, LineAlign::center, where),
      ts, pitch_, 0.0};
}

Lines Composer::note_lines(const std::string& text, const Origin& where) {
  TextStyle ts = body_style();
  ts.size_pt = doc_.style.note_size_pt;
  ts.tracking_pt = 0;
  return {
      text.empty() ? std::vector<SetLine>{} : set(text, ts, width_, 0, LineAlign::justify, where),
      ts, ts.size_pt * 1.6, ts.size_pt * 0.3};
}

Composer::ChartParts Composer::chart_parts(const model::ChartRef& ref) {
  const model::Chart& c = doc_.charts.at(ref.index);
  ChartParts p;
  p.cap = caption_lines(c.caption, {c.where, &c.caption_origin});
  p.note = notes_lines(c.notes, c.note, {c.where, &c.note_origin});
  const double heading =
      (pending_heading_ ? pending_heading_->height() + foot_growth(*pending_heading_) : 0.0) +
      foot_growth(p.cap);  // the footnotes of the heading's and caption's markers
  const double area = top_ - bottom_;
  // Kept on one page with its heading, caption and note, the chart gives up to a quarter of its
  // height for them. When they need more, the chart keeps its height (at most the type area's)
  // and they go on over the pages before and after it: all of a long caption is printed, and
  // the chart is never squeezed to a sliver (or to nothing).
  const double squeezed = area - heading - p.cap.height() - p.note.height();
  p.whole = squeezed >= 0.75 * std::min(c.height_pt, area);
  p.height = p.whole ? std::min(c.height_pt, squeezed) : std::min(c.height_pt, area);
  p.total = heading + p.cap.height() + p.height + p.note.height();
  p.first = p.whole ? p.total : heading + first_part_height(p.cap);
  return p;
}

void Composer::place(const model::ChartRef& ref, const model::Block*) {
  const ChartParts p = chart_parts(ref);
  ensure(p.first);
  if (p.whole) {
    place_chart(ref.index, p.height, p.cap, p.note);
  } else {
    emit_pending_heading();
    emit_lines(p.cap);
    ensure(p.height + first_part_height(p.note));
    place_chart(ref.index, p.height, {}, p.note);
  }
}

void Composer::place_chart(std::size_t index, double height, const Lines& cap, const Lines& note) {
  emit_pending_heading();
  emit_lines(cap);
  page().charts.push_back({index, left_, cursor_ - height, width_, height});
  cursor_ -= height;
  emit_lines(note);
  snap_to_grid();
}

}  // namespace jb::layout::detail
