// layout: notes lists (注：1.… 2.…) under tables and charts and as a block of the body, and
// footnotes: a marker ①② in the text, its note at the foot of the page the marker is set on.
#include <algorithm>
#include <string>

#include "core/utf8.hpp"
#include "layout/composer.hpp"
#include "layout/font_choice.hpp"

namespace jb::layout::detail {

namespace {

constexpr int most_footnotes_on_a_page = 20;  // ① to ⑳

std::string circled(int n) { return core::encode_utf8(std::u32string(1, U'①' + n - 1)); }

}  // namespace

TextStyle Composer::note_style() const {
  TextStyle ts = body_style();
  ts.size_pt = doc_.style.note_size_pt;
  ts.tracking_pt = 0;
  return ts;
}

std::vector<SetLine> Composer::hanging_lines(
    const std::string& text, const Origin& o, double text_x,
    const std::vector<std::pair<std::string, double>>& leads) {
  const TextStyle ts = note_style();
  std::vector<SetLine> lines = set(text, ts, width_ - text_x, 0, LineAlign::justify, o);
  if (lines.empty()) lines.emplace_back();
  for (auto& l : lines)
    for (auto& g : l.glyphs) g.x_pt += text_x;
  std::vector<LineGlyph> first;
  for (const auto& [lead, x] : leads)
    for (const SetLine& l : set(lead, ts, 1e6, 0, LineAlign::left, {o.where}))
      for (LineGlyph g : l.glyphs) {
        g.x_pt += x;
        first.push_back(g);
      }
  first.insert(first.end(), lines.front().glyphs.begin(), lines.front().glyphs.end());
  lines.front().glyphs = std::move(first);
  return lines;
}

// "注：" takes two ems; two or more notes are numbered 1. 2. …, the numbers right-aligned in
// a column as wide as the widest, so that every note's text starts at one x and its lines
// hang under it.
Lines Composer::notes_lines(const std::vector<model::Note>& notes, const std::string& note,
                            const Origin& note_where) {
  Lines out = note_lines(note, note_where);
  if (notes.empty()) return out;
  const TextStyle ts = note_style();
  const double label = 2 * ts.size_pt;
  std::vector<std::string> numbers;
  std::vector<double> widths;
  double widest = 0;
  if (notes.size() > 1)
    for (std::size_t k = 0; k < notes.size(); ++k) {
      numbers.push_back(std::to_string(k + 1) + ".");
      widths.push_back(natural_width(shape_text(numbers.back(), ts, note_where), ts));
      widest = std::max(widest, widths.back());
    }
  const double text_x = notes.size() > 1 ? label + widest + 0.25 * ts.size_pt : label;
  std::vector<SetLine> lines;
  for (std::size_t k = 0; k < notes.size(); ++k) {
    std::vector<std::pair<std::string, double>> leads;
    if (k == 0) leads.emplace_back("注：", 0.0);
    if (notes.size() > 1) leads.emplace_back(numbers[k], label + widest - widths[k]);
    const model::Note& n = notes[k];
    auto item = hanging_lines(n.text, {n.where, &n.origin}, text_x, leads);
    lines.insert(lines.end(), item.begin(), item.end());
  }
  lines.insert(lines.end(), out.lines.begin(), out.lines.end());
  out.lines = std::move(lines);
  return out;
}

// A notes block of the body, in the note style; what follows it is back on the body's grid.
void Composer::place(const model::Notes& n, const model::Block*) {
  emit_lines(notes_lines(n.items, "", {n.where}));
  snap_to_grid();
}

// ---- footnotes ---------------------------------------------------------------------------------

double Composer::footnote_text_x() const {
  const TextStyle ts = note_style();
  const auto role = choose_font(m_, {ts.cjk, ts.latin}, U'①');
  const double circle = role ? m_.advance_em(*role, U'①').value_or(1.0) : 1.0;
  return (circle + 0.25) * ts.size_pt;
}

const std::vector<SetLine>& Composer::footnote_text(std::size_t note) {
  if (footnote_text_.size() < doc_.footnotes.size()) footnote_text_.resize(doc_.footnotes.size());
  auto& text = footnote_text_.at(note);
  if (!text) {
    const model::Footnote& f = doc_.footnotes.at(note);
    text = hanging_lines(f.text, {f.where, &f.origin}, footnote_text_x(), {});
  }
  return *text;
}

// The page's footnotes take a line's height for their rule, then a note pitch for each line.
double Composer::foot_growth(const SetLine& line) {
  const std::size_t page = out_.pages.size() - 1;
  const auto* here = page < feet_.size() ? &feet_[page] : nullptr;
  double growth = 0;
  bool empty = !here || here->empty();
  for (const LineGlyph& g : line.glyphs) {
    if (!model::is_footnote_mark(g.cp)) continue;
    const std::size_t note = g.cp - model::footnote_mark;
    if (here && std::find(here->begin(), here->end(), note) != here->end()) continue;
    growth += (empty ? note_pitch() : 0.0) + footnote_height(note);
    empty = false;
  }
  return growth;
}

double Composer::foot_growth(const Lines& l) {
  double growth = 0;
  for (const SetLine& line : l.lines) growth += foot_growth(line);
  return growth;
}

double Composer::feet_height(std::size_t page) {
  if (page >= feet_.size() || feet_[page].empty()) return 0.0;
  double h = note_pitch();  // the rule's line
  for (const std::size_t note : feet_[page]) h += footnote_height(note);
  return h;
}

double Composer::footnote_height(std::size_t note) {
  return note_pitch() * static_cast<double>(footnote_text(note).size());
}

int Composer::footnote_number(std::size_t page, std::size_t note) {
  if (page >= out_.pages.size()) page = out_.pages.size() - 1;
  if (feet_.size() <= page) feet_.resize(page + 1);
  auto& here = feet_[page];
  const auto at = std::find(here.begin(), here.end(), note);
  if (at != here.end()) return static_cast<int>(at - here.begin()) + 1;
  const double growth = (here.empty() ? note_pitch() : 0.0) + footnote_height(note);
  if (page == out_.pages.size() - 1) foot_reserved_ += growth;
  here.push_back(note);
  if (here.size() > most_footnotes_on_a_page) {
    problems_.error(doc_.footnotes.at(note).where,
                    core::say("more than 20 footnotes on page {}", page + 1),
                    core::say("footnotes are numbered ① to ⑳ on each page; put some of them in a "
                              "notes list (notes: [...])"));
    return most_footnotes_on_a_page;
  }
  return static_cast<int>(here.size());
}

// At the foot of each page, from the bottom of the type area up: the notes, each led by its
// circled number and hanging under its text, and above them a thin rule a quarter of the type
// width long.
void Composer::place_footnotes() {
  const TextStyle ts = note_style();
  const double pitch = note_pitch();
  for (std::size_t p = 0; p < feet_.size() && p < out_.pages.size(); ++p) {
    if (feet_[p].empty() || !in_area(p)) continue;
    std::vector<SetLine> lines;
    for (std::size_t k = 0; k < feet_[p].size(); ++k) {
      const model::Footnote& f = doc_.footnotes.at(feet_[p][k]);
      std::vector<SetLine> note = footnote_text(feet_[p][k]);
      const auto lead = set(circled(std::min(static_cast<int>(k) + 1, most_footnotes_on_a_page)),
                            ts, 1e6, 0, LineAlign::left, {f.where});
      if (!lead.empty())
        note.front().glyphs.insert(note.front().glyphs.begin(), lead.front().glyphs.begin(),
                                   lead.front().glyphs.end());
      lines.insert(lines.end(), note.begin(), note.end());
    }
    const double floor = p + 1 == out_.pages.size() ? record_height_ : 0.0;
    double y = bottom_ + floor + pitch * static_cast<double>(lines.size());
    const double rule_y = y + 0.45 * pitch;
    out_.pages[p].rules.push_back({left_, rule_y, left_ + width_ / 4, rule_y, 0.4, black});
    for (const SetLine& l : lines) {
      emit_on(out_.pages[p], l, left_, baseline_in(y, pitch, ts.size_pt), ts);
      y -= pitch;
    }
  }
}

}  // namespace jb::layout::detail
