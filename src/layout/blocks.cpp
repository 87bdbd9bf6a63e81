// layout: the body's blocks: headings, paragraphs, lists, quotations, tables, charts and their
// captions and notes.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "core/char_class.hpp"
#include "core/utf8.hpp"
#include "layout/composer.hpp"

namespace jb::layout::detail {

using vocab::FontRole;

namespace {

// Takes `excess` from the columns in `which`, widest first (each down to a common level, never
// below its minimum); returns what could not be taken.
double shrink(std::vector<double>& widths, const std::vector<double>& minimum,
              const std::vector<bool>& which, double excess) {
  auto taken_at = [&](double level) {
    double taken = 0;
    for (std::size_t c = 0; c < widths.size(); ++c)
      if (which[c]) taken += widths[c] - std::max(minimum[c], std::min(widths[c], level));
    return taken;
  };
  // taken_at falls as the level rises: the highest level that takes enough.
  double lo = 0, hi = *std::max_element(widths.begin(), widths.end());
  if (taken_at(lo) > excess)
    for (int k = 0; k < 60 && hi - lo > 1e-6; ++k)
      (taken_at((lo + hi) / 2) >= excess ? lo : hi) = (lo + hi) / 2;
  const double taken = taken_at(lo);
  for (std::size_t c = 0; c < widths.size(); ++c)
    if (which[c]) widths[c] = std::max(minimum[c], std::min(widths[c], lo));
  return std::max(0.0, excess - taken);
}

// Table column widths from the columns' natural widths: the spare width is spread evenly when
// they fit. When they do not, the widest text columns wrap first, then the fixed ones (short
// ones and numbers) wrap their headers; no column goes below its minimum, the widest piece of
// it that may not be broken (a whole number, a header's word). nullopt when even the minimums
// do not fit.
std::optional<std::vector<double>> column_widths(const std::vector<double>& natural,
                                                 const std::vector<double>& minimum,
                                                 const std::vector<bool>& fixed, double width) {
  const std::size_t n = natural.size();
  double total = 0;
  for (double w : natural) total += w;
  std::vector<double> widths = natural;
  if (total <= width) {
    for (double& w : widths) w += (width - total) / static_cast<double>(n);
    return widths;
  }
  std::vector<bool> text(n), all(n, true);
  for (std::size_t c = 0; c < n; ++c) text[c] = !fixed[c];
  double excess = shrink(widths, minimum, text, total - width);
  if (excess > 0) excess = shrink(widths, minimum, all, excess);
  if (excess > 0.01) return std::nullopt;
  return widths;
}

// The widest run of `s` that a line may not be broken in (a number with its sign and decimals,
// a Latin word, a character with the marks that cling to it).
double unbreakable_width(const Shaped& s) {
  double widest = 0, run = 0;
  for (std::size_t i = 0; i < s.glyphs.size(); ++i) {
    run = i == 0 || s.breaks[i] ? 0.0 : run + s.glyphs[i].gap_before_pt;
    run += s.glyphs[i].advance_pt;
    widest = std::max(widest, run);
  }
  return widest;
}

struct CellSet {
  std::vector<SetLine> lines;
  double inset_pt = 0;  // from the column's padding to the cell's text block
};

// A table's header is repeated on every page the table goes over: one taller than the type area
// can hold with a line of a row under it would never let a row be placed.
void header_too_tall(core::DiagnosticList& problems, const model::Table& t,
                     const std::vector<CellSet>& header, double area) {
  std::size_t c = 0;
  for (std::size_t k = 1; k < header.size(); ++k)
    if (header[k].lines.size() > header[c].lines.size()) c = k;
  problems.error(c < t.header_where.size() ? t.header_where[c] : t.where,
                 "the table's header is taller than the type area (" +
                     std::to_string(static_cast<int>(std::floor(area))) +
                     " pt) can hold with a row under it: the header of column " +
                     std::to_string(c + 1) + ", '" + excerpt(t.header[c]) + "', is set in " +
                     std::to_string(header[c].lines.size()) + " lines",
                 "the header is repeated on every page the table goes over; shorten it and say "
                 "the rest in the table's note");
}

// The width of a number's part from its point on ("." and the
// decimals), 0 for an integer or text.
double decimals_width(const Shaped& s) {
  double w = 0;
  bool seen = false;
  for (const auto& g : s.glyphs) {
    if (g.cp == '.') seen = true;
    if (seen) w += g.advance_pt + g.gap_before_pt;
  }
  return w;
}

}  // namespace

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
  return set(h.number + h.text, ts, width_, 2 * doc_.style.body_size_pt, LineAlign::left,
             {h.where, &origin});
}

std::vector<SetLine> Composer::paragraph_lines(const model::Paragraph& p) {
  const TextStyle ts = body_style();
  return set(p.text, ts, width_, 2 * ts.size_pt, LineAlign::justify, {p.where, &p.origin});
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
void Composer::place(const model::Quote& q, const model::Block*) {
  TextStyle ts = body_style();
  ts.cjk = FontRole::kai;
  const double inset = 2 * ts.size_pt;
  flow_lines(set(q.text.text, ts, width_ - 2 * inset, 2 * ts.size_pt, LineAlign::justify,
                 {q.text.where, &q.text.origin}),
             ts, pitch_, left_ + inset);
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

void Composer::place(const model::ChartRef& ref, const model::Block*) {
  const model::Chart& c = doc_.charts.at(ref.index);
  const Lines cap = caption_lines(c.caption, {c.where, &c.caption_origin});
  const Lines note = note_lines(c.note, {c.where, &c.note_origin});
  const double heading = pending_heading_ ? pending_heading_->height() : 0.0;
  const double area = top_ - bottom_;
  // Kept on one page with its heading, caption and note, the chart gives up to a quarter of its
  // height for them. When they need more, the chart keeps its height (at most the type area's)
  // and they go on over the pages before and after it: all of a long caption is printed, and
  // the chart is never squeezed to a sliver (or to nothing).
  const double squeezed = area - heading - cap.height() - note.height();
  if (squeezed >= 0.75 * std::min(c.height_pt, area)) {
    const double height = std::min(c.height_pt, squeezed);
    ensure(heading + cap.height() + height + note.height());
    place_chart(ref.index, height, cap, note);
  } else {
    const double height = std::min(c.height_pt, area);
    ensure(heading + first_part_height(cap));
    emit_pending_heading();
    emit_lines(cap);
    ensure(height + first_part_height(note));
    place_chart(ref.index, height, {}, note);
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

// The columns' widths, or, when even their minimums do not fit the type area, an error at the
// table naming the cell that needs the most (and the minimums scaled down, to go on).
std::vector<double> Composer::table_widths(const model::Table& t,
                                           const std::vector<double>& natural,
                                           const std::vector<double>& minimum,
                                           const std::vector<bool>& fixed,
                                           const std::vector<std::size_t>& widest_row) {
  if (auto widths = column_widths(natural, minimum, fixed, width_)) return *widths;
  double needed = 0;
  for (double m : minimum) needed += m;
  const std::size_t c =
      static_cast<std::size_t>(std::max_element(minimum.begin(), minimum.end()) - minimum.begin());
  const std::size_t r = widest_row[c];
  const std::string cell = r == 0 ? "the header of column " + std::to_string(c + 1) + ", '" +
                                        t.header[c] + "', has a word that"
                                  : "row " + std::to_string(r) + ", column " +
                                        std::to_string(c + 1) + " ('" + t.header[c] + "') holds '" +
                                        t.rows[r - 1][c] + "', which";
  problems_.error(t.where,
                  "the table does not fit the type area: its columns need at least " +
                      std::to_string(static_cast<int>(std::ceil(needed))) + " pt of its " +
                      std::to_string(static_cast<int>(std::floor(width_))) + " pt; " + cell +
                      " is never split",
                  "a figure or a word is never split: fewer columns, a smaller "
                  "styles.table_size_pt, or narrower margins");
  std::vector<double> scaled = minimum;
  for (double& w : scaled) w *= width_ / needed;
  return scaled;
}

void Composer::place(const model::Table& t, const model::Block*) {
  const auto& st = doc_.style;
  const TextStyle head{FontRole::hei, FontRole::latin_sans, st.table_size_pt, black};
  TextStyle cell = body_style();
  cell.size_pt = st.table_size_pt;
  cell.tracking_pt = 0;
  const double pad = 0.5 * st.table_size_pt;
  const double row_pitch = st.table_size_pt * 1.5;
  const std::size_t ncols = t.header.size();

  // Every cell is shaped once: measured for the column widths, then set at them.
  std::vector<Shaped> header_text;
  std::vector<std::vector<Shaped>> body_text;
  for (std::size_t c = 0; c < ncols; ++c)
    header_text.push_back(
        shape_text(t.header[c], head, {c < t.header_where.size() ? t.header_where[c] : t.where}));
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    body_text.emplace_back();
    const auto& where = r < t.row_where.size() ? t.row_where[r] : t.where;
    for (std::size_t c = 0; c < t.rows[r].size(); ++c)
      body_text.back().push_back(shape_text(
          t.rows[r][c], cell, {where, nullptr, "in the table's column '" + t.header[c] + "'"}));
  }
  // Numbers line up on their decimal point: each gets the room right of it that the column's
  // longest decimals need.
  std::vector<double> decimals(ncols, 0.0);
  for (std::size_t c = 0; c < ncols; ++c)
    if (t.align[c] == vocab::Align::right)
      for (const auto& r : body_text) decimals[c] = std::max(decimals[c], decimals_width(r[c]));
  auto decimal_pad = [&](std::size_t c, const Shaped& s) {
    return t.align[c] == vocab::Align::right ? decimals[c] - decimals_width(s) : 0.0;
  };
  std::vector<double> natural(ncols, 2 * st.table_size_pt), minimum(ncols);
  std::vector<bool> fixed(ncols);
  std::vector<std::size_t> widest_row(ncols, 0);  // what sets the minimum: 0 the header, r + 1
  for (std::size_t c = 0; c < ncols; ++c) {
    natural[c] = std::max(natural[c], natural_width(header_text[c], head));
    minimum[c] = unbreakable_width(header_text[c]);
    for (std::size_t r = 0; r < body_text.size(); ++r) {
      const Shaped& s = body_text[r][c];
      natural[c] = std::max(natural[c], natural_width(s, cell) + decimal_pad(c, s));
      if (const double m = unbreakable_width(s) + decimal_pad(c, s); m > minimum[c])
        minimum[c] = m, widest_row[c] = r + 1;
    }
    natural[c] += 2 * pad;
    minimum[c] += 2 * pad + 0.01;  // a hair over: the line breaker then never splits it
    fixed[c] = natural[c] <= 6 * st.table_size_pt || t.align[c] == vocab::Align::right;
  }
  const std::vector<double> widths = table_widths(t, natural, minimum, fixed, widest_row);

  // Numbers are right-aligned within a block as wide as the column's widest entry, and that
  // block is centred in the column: figures line up under a centred header.
  std::vector<double> inset(ncols, 0.0), inner(ncols);
  for (std::size_t c = 0; c < ncols; ++c) {
    inner[c] = widths[c] - 2 * pad;
    if (t.align[c] == vocab::Align::right && widths[c] > natural[c]) {
      inset[c] = (widths[c] - natural[c]) / 2;
      inner[c] = natural[c] - 2 * pad;
    }
  }
  std::vector<CellSet> header;
  for (std::size_t c = 0; c < ncols; ++c)
    header.push_back(
        {set_shaped(header_text[c], head, widths[c] - 2 * pad, 0, LineAlign::center), 0.0});
  std::vector<std::vector<CellSet>> rows;
  for (const auto& r : body_text) {
    rows.emplace_back();
    for (std::size_t c = 0; c < ncols; ++c) {
      const auto a = t.align[c] == vocab::Align::right    ? LineAlign::right
                     : t.align[c] == vocab::Align::center ? LineAlign::center
                                                          : LineAlign::left;
      const double dp = decimal_pad(c, r[c]);
      rows.back().push_back({set_shaped(r[c], cell, inner[c] - dp, 0, a), inset[c]});
    }
  }

  const double row_pad = 0.6 * st.table_size_pt;
  auto line_count = [](const std::vector<CellSet>& row) {
    std::size_t n = 1;
    for (const auto& c : row) n = std::max(n, c.lines.size());
    return n;
  };
  auto part_height = [&](std::size_t lines) {
    return static_cast<double>(lines) * row_pitch + row_pad;
  };
  auto row_height = [&](const std::vector<CellSet>& row) { return part_height(line_count(row)); };
  // Lines [from, to) of every cell of a row: a row taller than a page is drawn in parts.
  auto draw_row = [&](const std::vector<CellSet>& row, const TextStyle& ts, std::size_t from,
                      std::size_t to) {
    double x = left_;
    for (std::size_t c = 0; c < ncols; ++c) {
      double y = cursor_ - 0.3 * st.table_size_pt;
      for (std::size_t k = from; k < std::min(to, row[c].lines.size()); ++k) {
        emit(row[c].lines[k], x + pad + row[c].inset_pt, baseline_in(y, row_pitch, ts.size_pt), ts);
        y -= row_pitch;
      }
      x += widths[c];
    }
    cursor_ -= part_height(to - from);
  };
  auto rule = [&](double w) {
    page().rules.push_back({left_, cursor_, left_ + width_, cursor_, w, black});
  };
  auto start_table = [&] {
    rule(1.0);
    draw_row(header, head, 0, line_count(header));
    rule(0.5);
  };
  auto break_table = [&] {  // close it, repeat the header on the next page
    rule(1.0);
    new_page();
    start_table();
  };

  const Lines cap = caption_lines(t.caption, {t.where, &t.caption_origin});
  const Lines note = note_lines(t.note, {t.where, &t.note_origin});
  const double area = top_ - bottom_;
  const double header_h = row_height(header);
  if (header_h + part_height(1) + 2 > area) header_too_tall(problems_, t, header, area);
  // The caption stays with the header and the first row; the note with the last row.
  const double heading = pending_heading_ ? pending_heading_->height() : 0.0;
  const double together = heading + cap.height() + header_h +
                          (rows.empty() ? 0 : row_height(rows[0])) +
                          (rows.size() <= 1 ? note.height() : 0) + 2;
  if (together <= area + 0.01) {
    ensure(together);
    emit_pending_heading();
    emit_lines(cap);
  } else {  // too tall for one page: each part starts where its first lines fit
    ensure(heading + first_part_height(cap));
    emit_pending_heading();
    emit_lines(cap);
    ensure(header_h + 2 +
           (rows.empty() ? 0 : row_pad + first_part_height(line_count(rows[0]), row_pitch)));
  }
  start_table();
  bool rows_here = false;  // a body row is on this page under the header
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::size_t n = line_count(rows[i]);
    const double keep_note = i + 1 < rows.size() ? 0.0
                             : header_h + row_height(rows[i]) + note.height() <= area
                                 ? note.height()
                                 : first_part_height(note);
    const double needed = row_height(rows[i]) + keep_note + 1;
    if (needed > room() && rows_here && header_h + needed <= area) break_table(), rows_here = false;
    // A row taller than what is left of the page (and than a page) is split between its lines,
    // each part under the header, none a single line when more are left (orphans and widows).
    for (std::size_t from = 0; from < n;) {
      std::size_t fit = lines_that_fit(n, from, row_pitch, room() - row_pad - 1);
      if (fit == 0 && rows_here) {
        break_table(), rows_here = false;
        continue;
      }
      fit = std::max<std::size_t>(fit, 1);  // under a header at the top of a page: go on
      draw_row(rows[i], cell, from, from + fit);
      rows_here = true;
      from += fit;
      if (from < n) break_table(), rows_here = false;
    }
  }
  rule(1.0);
  emit_lines(note);
  snap_to_grid();
}

}  // namespace jb::layout::detail
