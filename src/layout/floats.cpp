// layout: floats. A table or chart marked `floating` (model::Table::floating,
// model::Chart::floating) whose first part does not fit on the rest of its page waits: the text
// after it (paragraphs, lists, quotations, headings of lower levels) fills the page, and it goes
// to the top of the next page. Floats keep their order; they wait no further than the next
// heading of their level (or above), a heading waiting for a table or chart, a table or chart
// that does not float, a notes block (数据说明: it closes what is before it), a page break or
// the end, where they are placed before that block (on a new page when they do not fit, as a
// block that does not float). A heading right before a float goes with it and does not wait. A
// float whose first reference (见图2, 如表1所示) comes after it in its section is never set on a
// page before that reference's. A table taller than a page is never set inside a paragraph: the
// page before it fills with whole paragraphs only.
#include <algorithm>
#include <climits>
#include <cmath>
#include <string>

#include "core/utf8.hpp"
#include "layout/composer.hpp"

namespace jb::layout::detail {

namespace {

// The label the prose refers to a float by (图2, 表1), or empty.
std::u32string float_label(const model::Document& doc, const model::Block& b) {
  int number = 0;
  std::u32string label;
  if (const auto* t = std::get_if<model::Table>(&b)) number = t->caption_number, label = U"表";
  if (const auto* c = std::get_if<model::ChartRef>(&b))
    number = doc.charts.at(c->index).caption_number, label = U"图";
  if (number <= 0) return {};
  for (const char ch : std::to_string(number)) label.push_back(static_cast<char32_t>(ch));
  return label;
}

// Where `text` refers to `label` (not to 图12 for 图1, nor to 续表1), or npos.
std::size_t find_reference(const std::u32string& text, const std::u32string& label) {
  for (std::size_t at = text.find(label); at != std::u32string::npos;
       at = text.find(label, at + 1)) {
    const std::size_t end = at + label.size();
    const bool digit_after = end < text.size() && text[end] >= U'0' && text[end] <= U'9';
    const bool continued = at > 0 && text[at - 1] == U'续';
    if (!digit_after && !continued) return at;
  }
  return std::u32string::npos;
}

// The prose of a block the text refers to floats in.
std::u32string prose(const model::Block& b) {
  std::string text;
  if (const auto* p = std::get_if<model::Paragraph>(&b)) text = p->text;
  if (const auto* l = std::get_if<model::List>(&b))
    for (const auto& item : l->items) text += item.text;
  if (const auto* q = std::get_if<model::Quote>(&b)) text = q->text.text;
  if (const auto* n = std::get_if<model::Notes>(&b))
    for (const auto& item : n->items) text += item.text;
  return core::decode_utf8(text).value_or(U"");
}

bool is_text(const model::Block& b) {
  return std::holds_alternative<model::Paragraph>(b) || std::holds_alternative<model::List>(b) ||
         std::holds_alternative<model::Quote>(b);
}

}  // namespace

bool Composer::is_float(const model::Block& b) const {
  if (const auto* t = std::get_if<model::Table>(&b)) return t->floating;
  if (const auto* c = std::get_if<model::ChartRef>(&b)) return doc_.charts.at(c->index).floating;
  return false;
}

std::pair<double, double> Composer::float_need(const model::Block& b) {
  if (const auto* t = std::get_if<model::Table>(&b)) return table_need(*t);
  const ChartParts p = chart_parts(std::get<model::ChartRef>(b));
  return {p.first, p.total};
}

void Composer::plan_floats() {
  const auto& blocks = doc_.blocks;
  section_level_.assign(blocks.size(), 0);
  first_reference_.assign(blocks.size(), npos);
  int level = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (const auto* h = std::get_if<model::Heading>(&blocks[i])) level = h->level;
    section_level_[i] = level;
  }
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const std::u32string label = float_label(doc_, blocks[i]);
    if (label.empty() || !is_float(blocks[i])) continue;
    std::size_t first = npos;
    for (std::size_t k = 0; k < blocks.size() && first == npos; ++k)
      if (find_reference(prose(blocks[k]), label) != std::u32string::npos) first = k;
    if (first == npos || first < i) continue;  // none, or before it: it may go anywhere after
    // A reference past the next heading of the float's level does not hold it there.
    bool past_heading = false;
    for (std::size_t k = i + 1; k < first && !past_heading; ++k)
      if (const auto* h = std::get_if<model::Heading>(&blocks[k]))
        past_heading = section_level_[i] == 0 || h->level <= section_level_[i];
    if (!past_heading) first_reference_[i] = first;
  }
}

std::vector<SetLine> Composer::text_lines(const model::Block& b) {
  if (const auto* p = std::get_if<model::Paragraph>(&b)) return paragraph_lines(*p);
  std::vector<SetLine> out;
  if (const auto* l = std::get_if<model::List>(&b))
    for (const auto& item : l->items) {
      auto lines = paragraph_lines(item);
      out.insert(out.end(), lines.begin(), lines.end());
    }
  if (const auto* q = std::get_if<model::Quote>(&b)) out = quote_lines(*q);
  return out;
}

bool Composer::reference_fits_after(std::size_t i, double float_height) {
  const std::size_t r = first_reference_[i];
  // The float ends on the body grid (snap_to_grid).
  const double below = top_ - std::ceil((top_ - cursor_ + float_height) / pitch_ - 1e-6) * pitch_;
  double h = cursor_ - below;
  for (std::size_t k = i + 1; k < r; ++k) {
    if (!is_text(doc_.blocks[k])) return false;  // a heading, table or chart between: wait
    h += pitch_ * static_cast<double>(text_lines(doc_.blocks[k]).size());
  }
  if (!is_text(doc_.blocks[r])) return false;
  // The lines of the referring block down to the one that holds the reference, and at least
  // as many as it can start a page with (no orphan, no widow).
  const std::u32string label = float_label(doc_, doc_.blocks[i]);
  const std::vector<SetLine> lines = text_lines(doc_.blocks[r]);
  std::u32string so_far;
  std::size_t upto = 0;
  while (upto < lines.size() && find_reference(so_far, label) == std::u32string::npos)
    for (const LineGlyph& g : lines[upto++].glyphs) so_far.push_back(g.cp);
  h += std::max(pitch_ * static_cast<double>(upto), first_part_height(lines.size(), pitch_));
  return h <= room() + 0.01;
}

bool Composer::defer(std::size_t i) {
  const model::Block& b = doc_.blocks[i];
  if (!is_float(b)) return false;
  bool wait = !waiting_.empty();  // floats keep their order
  if (!wait && (pending_heading_ || page_empty())) return false;
  const auto [first, all] = float_need(b);
  wait = wait || first > room() + 0.01 ||
         (first_reference_[i] != npos && !reference_fits_after(i, std::min(all, room())));
  if (wait) waiting_.push_back({i, first_reference_[i], all > top_ - bottom_ + 0.01});
  return wait;
}

bool Composer::stops_floats(std::size_t i) {
  if (waiting_.empty()) return false;
  const model::Block& b = doc_.blocks[i];
  if (const auto* h = std::get_if<model::Heading>(&b)) {
    const bool before_float =
        i + 1 < doc_.blocks.size() && (std::holds_alternative<model::Table>(doc_.blocks[i + 1]) ||
                                       std::holds_alternative<model::ChartRef>(doc_.blocks[i + 1]));
    int level = INT_MAX;
    for (const Waiting& w : waiting_) level = std::min(level, section_level_[w.block]);
    return before_float || level == 0 || h->level <= level;
  }
  if (std::holds_alternative<model::Table>(b) || std::holds_alternative<model::ChartRef>(b))
    return !is_float(b);
  // A table over pages is never set inside a paragraph: the text before it fills the page by
  // whole blocks, and the one that does not fit follows it.
  if (is_text(b) &&
      std::any_of(waiting_.begin(), waiting_.end(), [](const Waiting& w) { return w.over_pages; }))
    return pitch_ * static_cast<double>(text_lines(b).size()) > room() + 0.01;
  return std::holds_alternative<model::PageBreak>(b) || std::holds_alternative<model::Notes>(b);
}

void Composer::place_block(std::size_t i) {
  const auto& blocks = doc_.blocks;
  const model::Block* next = i + 1 < blocks.size() ? &blocks[i + 1] : nullptr;
  std::size_t first = out_.pages.size() - 1;
  const auto content = [&] {
    const Page& p = out_.pages[first];
    return p.runs.size() + p.rules.size() + p.charts.size();
  };
  const std::size_t before = content();
  std::visit([&](const auto& b) { place(b, next); }, blocks[i]);
  // A block that starts the next page (nothing of it on this one) is on the pages from there.
  if (content() == before && first + 1 < out_.pages.size()) ++first;
  out_.block_pages[i] = {first, out_.pages.size() - 1};
}

void Composer::place_waiting(bool all) {
  if (placing_floats_ || pending_heading_) return;
  placing_floats_ = true;
  while (!waiting_.empty()) {
    const Waiting w = waiting_.front();
    if (!all) {
      if (w.reference != npos && current_ < w.reference) break;  // never before its reference
      if (!page_empty() && float_need(doc_.blocks[w.block]).first > room() + 0.01) break;
    }
    waiting_.pop_front();
    place_block(w.block);
  }
  placing_floats_ = false;
}

}  // namespace jb::layout::detail
