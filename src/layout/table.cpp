// layout: tables. Every cell is shaped once and measured; the columns get their widths (the
// spare spread, or the width shared by need: column_widths.cpp); the cells are set at them; then
// the caption is kept with the header and the first row, and the rows flow over pages, the header
// repeated on each and a row taller than a page split between its lines.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "core/char_class.hpp"
#include "layout/column_widths.hpp"
#include "layout/composer.hpp"

namespace jb::layout::detail {

using vocab::FontRole;

// A cell set at its column's width.
struct CellSet {
  std::vector<SetLine> lines;
  double inset_pt = 0;  // from the column's padding to the cell's text block
};

// Every cell of a table shaped: the header's, then each row's.
struct TableText {
  std::vector<Shaped> header;
  std::vector<std::vector<Shaped>> body;
};

// A table set at its column widths, and the measures it is drawn with.
struct TableSet {
  TextStyle head, cell;
  double pad = 0, row_pitch = 0, row_pad = 0;
  std::vector<double> widths;
  std::vector<CellSet> header;
  std::vector<std::vector<CellSet>> rows;
  // A grouped header: each group's label set over its span, each header row's height, and the
  // header row each column's own header starts in (under its groups).
  std::vector<model::TableGroup> group_spans;
  std::vector<CellSet> groups;
  std::vector<double> tier_h;
  std::vector<int> col_depth;
  std::optional<std::size_t> bold_row;  // `highlight:`, set in hei
  bool grid = false;                    // `rules: grid`: vertical rules between the columns
  Lines unit;                           // 单位：… right-aligned above the header
  Lines continued;                      // 续表N over the header on the next pages

  static std::size_t line_count(const std::vector<CellSet>& row) {
    std::size_t n = 1;
    for (const auto& c : row) n = std::max(n, c.lines.size());
    return n;
  }
  double part_height(std::size_t lines) const {
    return static_cast<double>(lines) * row_pitch + row_pad;
  }
  double row_height(const std::vector<CellSet>& row) const { return part_height(line_count(row)); }
  double header_height() const {
    if (tier_h.empty()) return row_height(header);
    double h = 0;
    for (double t : tier_h) h += t;
    return h;
  }
  double span_x(std::size_t first) const {
    double x = 0;
    for (std::size_t c = 0; c < first; ++c) x += widths[c];
    return x;
  }
};

namespace {

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

// A table's header is repeated on every page the table goes over: one taller than the type area
// can hold with a line of a row under it would never let a row be placed.
void header_too_tall(core::DiagnosticList& problems, const model::Table& t,
                     const std::vector<CellSet>& header, double area) {
  std::size_t c = 0;
  for (std::size_t k = 1; k < header.size(); ++k)
    if (header[k].lines.size() > header[c].lines.size()) c = k;
  problems.error(c < t.header_where.size() ? t.header_where[c] : t.where,
                 core::say("the table's header is taller than the type area ({} pt) can hold "
                           "with a row under it: the header of column {}, '{}', is set in {} lines",
                           static_cast<int>(std::floor(area)), c + 1, excerpt(t.header[c]),
                           header[c].lines.size()),
                 core::say("the header is repeated on every page the table goes over; shorten it "
                           "and say the rest in the table's note"));
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

// Numbers line up on their decimal point: each gets the room right of it that the column's
// longest decimals need.
double decimal_pad(const model::Table& t, const ColumnMeasures& m, std::size_t c, const Shaped& s) {
  return t.align[c] == vocab::Align::right ? m.decimals[c] - decimals_width(s) : 0.0;
}

// `#工业` is a mark and its word: no Han–Latin gap after the #.
void tight_marks(Shaped& s) {
  for (std::size_t i = 1; i < s.glyphs.size(); ++i)
    if (s.glyphs[i - 1].cp == '#') s.glyphs[i].gap_before_pt = 0;
}

LineAlign line_align(vocab::Align a) {
  return a == vocab::Align::right    ? LineAlign::right
         : a == vocab::Align::center ? LineAlign::center
                                     : LineAlign::left;
}

}  // namespace

// ---- setting the cells ----------------------------------------------------------------------

TableText Composer::shape_table(const model::Table& t, const TextStyle& head, const TextStyle& cell,
                                bool whole_words) {
  TableText text;
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    // A header breaks only between words (营业收入（亿元） may break before （, never inside
    // 营业收入) unless its table cannot be set so.
    const Origin where{c < t.header_where.size() ? t.header_where[c] : t.where};
    text.header.push_back(whole_words ? shape_words(t.header[c], head, where)
                                      : shape_text(t.header[c], head, where));
  }
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    text.body.emplace_back();
    const auto& where = r < t.row_where.size() ? t.row_where[r] : t.where;
    for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
      text.body.back().push_back(
          shape_text(t.rows[r][c], t.highlight == r ? head : cell,
                     {where, nullptr, core::say("in the table's column '{}'", t.header[c]).str()}));
      tight_marks(text.body.back().back());
    }
  }
  return text;
}

ColumnMeasures Composer::measure_columns(const model::Table& t, const TableText& text,
                                         const TableSet& s) {
  const std::size_t ncols = t.header.size();
  const double size = doc_.style.table_size_pt;
  ColumnMeasures m{
      std::vector<double>(ncols, 2 * size),
      std::vector<double>(ncols),
      std::vector<double>(ncols, 0.0),
      std::vector<bool>(ncols),
      std::vector<std::size_t>(ncols, 0),
      std::vector<std::vector<double>>(text.body.size() + 1, std::vector<double>(ncols, 0.0)),
      std::vector<std::vector<double>>(text.body.size() + 1, std::vector<double>(ncols, 0.0)),
      s.pad,
      size};
  for (std::size_t c = 0; c < ncols; ++c)
    if (t.align[c] == vocab::Align::right)
      for (const auto& r : text.body) m.decimals[c] = std::max(m.decimals[c], decimals_width(r[c]));
  for (std::size_t c = 0; c < ncols; ++c) {
    m.cell_natural[0][c] = natural_width(text.header[c], s.head);
    m.cell_minimum[0][c] = unbreakable_width(text.header[c]);
    for (std::size_t r = 0; r < text.body.size(); ++r) {
      const Shaped& cs = text.body[r][c];
      const double dp = decimal_pad(t, m, c, cs);
      m.cell_natural[r + 1][c] = natural_width(cs, s.cell) + dp;
      m.cell_minimum[r + 1][c] = unbreakable_width(cs) + dp;
    }
    for (std::size_t r = 0; r < m.cell_natural.size(); ++r) {
      m.natural[c] = std::max(m.natural[c], m.cell_natural[r][c]);
      if (r == 0 || m.cell_minimum[r][c] > m.minimum[c])
        m.minimum[c] = m.cell_minimum[r][c], m.widest_row[c] = r;
    }
    m.natural[c] += 2 * s.pad;
    m.minimum[c] += 2 * s.pad + 0.01;  // a hair over: the line breaker then never splits it
    m.fixed[c] = m.natural[c] <= 6 * size || t.align[c] == vocab::Align::right;
  }
  widen_for_groups(t, s, m);
  return m;
}

// A group's label is set over its columns: their minimums together take its widest word, and
// their natural widths its whole line, each column given an even share of what is missing.
void Composer::widen_for_groups(const model::Table& t, const TableSet& s, ColumnMeasures& m) {
  for (const auto& g : t.groups) {
    const std::size_t end = std::min(g.end, m.natural.size());
    if (g.first >= end) continue;
    const Shaped label = shape_words(g.label, s.head, {g.where});
    const double least = unbreakable_width(label) + 2 * s.pad + 0.01;
    const double whole = natural_width(label, s.head) + 2 * s.pad;
    double minimum = 0, natural = 0;
    for (std::size_t c = g.first; c < end; ++c) minimum += m.minimum[c], natural += m.natural[c];
    const auto n = static_cast<double>(end - g.first);
    for (std::size_t c = g.first; c < end; ++c) {
      if (least > minimum) m.minimum[c] += (least - minimum) / n;
      if (whole > natural) m.natural[c] += (whole - natural) / n;
      m.natural[c] = std::max(m.natural[c], m.minimum[c]);
    }
  }
}

// The columns' widths, or, when even their minimums do not fit the type area, an error at the
// table naming the cell that needs the most (and the minimums scaled down, to go on).
std::vector<double> Composer::table_widths(const model::Table& t, const ColumnMeasures& m) {
  if (auto widths = column_widths(m, width_)) return *widths;
  double needed = 0;
  for (double w : m.minimum) needed += w;
  const std::size_t c = static_cast<std::size_t>(
      std::max_element(m.minimum.begin(), m.minimum.end()) - m.minimum.begin());
  const std::size_t r = m.widest_row[c];
  const core::Text cell =
      r == 0 ? core::say("the header of column {}, '{}', has a word that", c + 1, t.header[c])
             : core::say("row {}, column {} ('{}') holds '{}', which", r, c + 1, t.header[c],
                         t.rows[r - 1][c]);
  const int need = static_cast<int>(std::ceil(needed));
  const int have = static_cast<int>(std::floor(width_));
  problems_.error(
      t.where,
      landscape_ ? core::say("the table does not fit the type area of a landscape page: its "
                             "columns need at least {} pt of its {} pt; {} is never split",
                             need, have, cell.str())
                 : core::say("the table does not fit the type area: its columns need at least {} "
                             "pt of its {} pt; {} is never split",
                             need, have, cell.str()),
      landscape_ ? core::say("a figure or a word is never split: fewer columns, a smaller "
                             "styles.table_size_pt, or narrower margins")
                 : core::say("a figure or a word is never split: fewer columns, a smaller "
                             "styles.table_size_pt, or narrower margins, or orientation: "
                             "landscape"));
  std::vector<double> scaled = m.minimum;
  for (double& w : scaled) w *= width_ / needed;
  return scaled;
}

// A table's faces and measures, before its cells.
TableSet Composer::table_style() const {
  const auto& st = doc_.style;
  TableSet s;
  s.head = {FontRole::hei, FontRole::latin_sans, st.table_size_pt, black};
  s.cell = body_style();
  s.cell.size_pt = st.table_size_pt;
  s.cell.tracking_pt = 0;
  s.pad = 0.5 * st.table_size_pt;
  s.row_pitch = st.table_size_pt * 1.5;
  s.row_pad = 0.6 * st.table_size_pt;
  return s;
}

bool Composer::table_fits(const model::Table& t, double width) {
  const TableSet s = table_style();
  const TableText text = shape_table(t, s.head, s.cell, true);
  const ColumnMeasures m = measure_columns(t, text, s);
  return minimums_fit(m, width);
}

// Every cell shaped once, measured for the column widths, then set at them. Numbers are
// right-aligned within a block as wide as the column's widest entry, and that block is centred
// in the column: figures line up under a centred header.
TableSet Composer::set_table(const model::Table& t) {
  TableSet s = table_style();
  const std::size_t ncols = t.header.size();
  TableText text = shape_table(t, s.head, s.cell, true);
  ColumnMeasures m = measure_columns(t, text, s);
  // Headers kept to whole words when the table can take them; else broken between characters
  // as any text, rather than refuse a table that fits so.
  if (!minimums_fit(m, width_)) {
    text = shape_table(t, s.head, s.cell, false);
    m = measure_columns(t, text, s);
  }
  s.widths = table_widths(t, m);
  std::vector<double> inset(ncols, 0.0), inner(ncols);
  for (std::size_t c = 0; c < ncols; ++c) {
    inner[c] = s.widths[c] - 2 * s.pad;
    if (t.align[c] == vocab::Align::right && s.widths[c] > m.natural[c]) {
      inset[c] = (s.widths[c] - m.natural[c]) / 2;
      inner[c] = m.natural[c] - 2 * s.pad;
    }
  }
  for (std::size_t c = 0; c < ncols; ++c)
    s.header.push_back(
        {set_shaped(text.header[c], s.head, s.widths[c] - 2 * s.pad, 0, LineAlign::center), 0.0});
  for (std::size_t r = 0; r < text.body.size(); ++r) {
    s.rows.emplace_back();
    for (std::size_t c = 0; c < ncols; ++c) {
      const double dp = decimal_pad(t, m, c, text.body[r][c]);
      s.rows.back().push_back({set_shaped(text.body[r][c], t.highlight == r ? s.head : s.cell,
                                          inner[c] - dp, 0, line_align(t.align[c])),
                               inset[c]});
    }
  }
  s.bold_row = t.highlight;
  s.grid = t.grid;
  if (!t.unit.empty()) {
    TextStyle us = s.cell;
    s.unit = {set(t.unit, us, width_, 0, LineAlign::right, {t.where}), us, s.row_pitch, 0.0};
  }
  if (t.caption_number > 0)
    s.continued = caption_lines("续表" + std::to_string(t.caption_number), {t.where});
  set_groups(t, s);
  return s;
}

// A grouped header: the groups' labels centred over their spans, one header row per level of
// groups and one for the columns' own headers; a column under fewer groups has its header
// span the rows below them.
void Composer::set_groups(const model::Table& t, TableSet& s) {
  if (t.groups.empty()) return;
  int tiers = 0;
  s.col_depth.assign(t.header.size(), 0);
  for (const auto& g : t.groups) {
    tiers = std::max(tiers, g.depth + 1);
    for (std::size_t c = g.first; c < g.end && c < s.col_depth.size(); ++c)
      s.col_depth[c] = std::max(s.col_depth[c], g.depth + 1);
  }
  std::vector<std::size_t> lines(static_cast<std::size_t>(tiers) + 1, 1);
  s.group_spans = t.groups;
  for (const auto& g : t.groups) {
    double w = 0;
    for (std::size_t c = g.first; c < g.end && c < s.widths.size(); ++c) w += s.widths[c];
    const Shaped label = shape_words(g.label, s.head, {g.where});
    s.groups.push_back({set_shaped(label, s.head, w - 2 * s.pad, 0, LineAlign::center), 0.0});
    auto& n = lines[static_cast<std::size_t>(g.depth)];
    n = std::max(n, s.groups.back().lines.size());
  }
  s.tier_h.assign(lines.size(), 0.0);
  for (std::size_t k = 0; k < lines.size(); ++k) s.tier_h[k] = s.part_height(lines[k]);
  // A column's header spanning several rows needs their height together.
  for (std::size_t c = 0; c < s.header.size(); ++c) {
    double span = 0;
    for (std::size_t k = static_cast<std::size_t>(s.col_depth[c]); k < lines.size(); ++k)
      span += s.tier_h[k];
    const double need = s.row_height({s.header[c]});
    if (need > span) s.tier_h.back() += need - span;
  }
}

// ---- placing the rows -----------------------------------------------------------------------

// Lines [from, to) of every cell of a row: a row taller than a page is drawn in parts.
void Composer::draw_table_row(const TableSet& s, const std::vector<CellSet>& row,
                              const TextStyle& ts, std::size_t from, std::size_t to) {
  double x = left_;
  for (std::size_t c = 0; c < s.widths.size(); ++c) {
    double y = cursor_ - 0.3 * doc_.style.table_size_pt;
    for (std::size_t k = from; k < std::min(to, row[c].lines.size()); ++k) {
      emit(row[c].lines[k], x + s.pad + row[c].inset_pt, baseline_in(y, s.row_pitch, ts.size_pt),
           ts);
      y -= s.row_pitch;
    }
    x += s.widths[c];
  }
  cursor_ -= s.part_height(to - from);
}

void Composer::table_rule(double width) {
  page().rules.push_back({left_, cursor_, left_ + width_, cursor_, width, black});
}

// A grouped header, row by row: each group's label centred over its span with a thin rule
// under it spanning its columns, then each column's header, vertically centred in the rows
// from under its groups to the foot of the header.
void Composer::draw_grouped_header(const TableSet& s) {
  // The groups' rules stop short of each other; with grid rules they meet the verticals.
  const double size = doc_.style.table_size_pt, inset = s.grid ? 0.0 : 0.25 * size;
  std::vector<double> tier_top(s.tier_h.size() + 1, cursor_);
  for (std::size_t k = 0; k < s.tier_h.size(); ++k) tier_top[k + 1] = tier_top[k] - s.tier_h[k];
  auto draw_cell = [&](const CellSet& cell, double x, double y_top, double span_h) {
    double y = y_top - (span_h - s.part_height(cell.lines.size())) / 2 - 0.3 * size;
    for (const auto& l : cell.lines) {
      emit(l, x + s.pad, baseline_in(y, s.row_pitch, size), s.head);
      y -= s.row_pitch;
    }
  };
  for (std::size_t g = 0; g < s.groups.size(); ++g) {
    const auto& span = s.group_spans[g];
    const auto d = static_cast<std::size_t>(span.depth);
    const double x0 = left_ + s.span_x(span.first), x1 = left_ + s.span_x(span.end);
    draw_cell(s.groups[g], x0, tier_top[d], s.tier_h[d]);
    page().rules.push_back({x0 + inset, tier_top[d + 1], x1 - inset, tier_top[d + 1], 0.5, black});
  }
  for (std::size_t c = 0; c < s.header.size(); ++c) {
    const double top = tier_top[static_cast<std::size_t>(s.col_depth[c])];
    draw_cell(s.header[c], left_ + s.span_x(c), top, top - tier_top.back());
  }
  cursor_ = tier_top.back();
}

// `rules: grid`: a vertical rule between each two columns, from the table's top on this page
// (or, inside a group, from under its label) to where the table stops on it.
void Composer::grid_rules(const TableSet& s) {
  if (!s.grid) return;
  std::vector<double> tier_top(s.tier_h.size() + 1, table_top_);
  for (std::size_t k = 0; k < s.tier_h.size(); ++k) tier_top[k + 1] = tier_top[k] - s.tier_h[k];
  for (std::size_t c = 1; c < s.widths.size(); ++c) {
    double top = table_top_;
    for (const auto& g : s.group_spans)
      if (g.first < c && c < g.end)
        top = std::min(top, tier_top[static_cast<std::size_t>(g.depth) + 1]);
    const double x = left_ + s.span_x(c);
    page().rules.push_back({x, top, x, cursor_, 0.5, black});
  }
}

void Composer::start_table(const TableSet& s) {
  table_top_ = cursor_;
  table_rule(1.0);
  if (s.tier_h.empty())
    draw_table_row(s, s.header, s.head, 0, TableSet::line_count(s.header));
  else
    draw_grouped_header(s);
  table_rule(0.5);
}

// Closes the table on this page and repeats its header on the next, under 续表N (and the
// unit line) when the table has a caption.
void Composer::break_table(const TableSet& s) {
  grid_rules(s);
  table_rule(1.0);
  new_page();
  if (!s.continued.lines.empty()) {
    emit_lines(s.continued);
    emit_lines(s.unit);
  }
  start_table(s);
}

// The caption stays with the header and the first rows: two of them (no row alone at the
// page's foot), the whole of a table of one, two or three rows with its note.
double Composer::table_lead(const TableSet& s, const Lines& cap, const Lines& note,
                            bool& together) {
  const double area = top_ - bottom_;
  const double header_h = s.header_height() + s.unit.height();
  const double heading = pending_heading_ ? pending_heading_->height() : 0.0;
  const auto first_rows = [&](std::size_t n) {
    double h = 0;
    for (std::size_t i = 0; i < std::min(n, s.rows.size()); ++i) h += s.row_height(s.rows[i]);
    return h + (s.rows.size() <= n ? note.height() : 0) + 2;
  };
  // A table of three rows is kept whole: two here and one over would leave that one alone.
  double lead = heading + cap.height() + header_h + first_rows(s.rows.size() == 3 ? 3 : 2);
  if (lead > area + 0.01) lead = heading + cap.height() + header_h + first_rows(1);
  together = lead <= area + 0.01;
  return together ? lead : heading + first_part_height(cap);
}

std::pair<double, double> Composer::table_need(const model::Table& t) {
  const TableSet s = set_table(t);
  const Lines cap = caption_lines(t.caption, {t.where, &t.caption_origin});
  const Lines note = notes_lines(t.notes, t.note, {t.where, &t.note_origin});
  bool together = false;
  const double lead = table_lead(s, cap, note, together);
  double all = (pending_heading_ ? pending_heading_->height() : 0.0) + cap.height() +
               s.header_height() + s.unit.height() + note.height() + 2;
  for (const auto& row : s.rows) all += s.row_height(row);
  return {lead, all};
}

void Composer::place_table_caption(const TableSet& s, const Lines& cap, const Lines& note) {
  const double header_h = s.header_height() + s.unit.height();
  bool together = false;
  ensure(table_lead(s, cap, note, together));
  emit_pending_heading();
  emit_lines(cap);
  emit_lines(s.unit);
  if (!together) {  // too tall for one page: each part starts where its first lines fit
    ensure(header_h + 2 +
           (s.rows.empty()
                ? 0
                : s.row_pad + first_part_height(TableSet::line_count(s.rows[0]), s.row_pitch)));
  }
}

// What row i needs below it on its page: itself, and the note after the last row.
double Composer::table_row_need(const TableSet& s, std::size_t i, const Lines& note) {
  const double area = top_ - bottom_;
  const double header_h = s.header_height() + s.continued.height() + s.unit.height();
  const double keep_note = i + 1 < s.rows.size() ? 0.0
                           : header_h + s.row_height(s.rows[i]) + note.height() <= area
                               ? note.height()
                               : first_part_height(note);
  return s.row_height(s.rows[i]) + keep_note + 1;
}

// The body rows under the header, a new page (with the header again) when the next row does not
// fit; the last row keeps the note with it, and never stands alone at a page's head: the row
// before it goes over with it.
void Composer::place_table_rows(const TableSet& s, const Lines& note) {
  const double area = top_ - bottom_;
  const double header_h = s.header_height() + s.continued.height() + s.unit.height();
  bool rows_here = false;   // a body row is on this page under the header
  std::size_t on_page = 0;  // the rows on this page
  for (std::size_t i = 0; i < s.rows.size(); ++i) {
    const std::size_t n = TableSet::line_count(s.rows[i]);
    const TextStyle& ts = s.bold_row == i ? s.head : s.cell;
    const double needed = table_row_need(s, i, note);
    bool turn = needed > room() && rows_here && header_h + needed <= area;
    if (!turn && on_page >= 2 && i + 2 == s.rows.size()) {
      const double both = needed + table_row_need(s, i + 1, note);
      turn = both > room() && header_h + both <= area;
    }
    if (turn) break_table(s), rows_here = false, on_page = 0;
    // A row taller than what is left of the page (and than a page) is split between its lines,
    // each part under the header, none a single line when more are left (orphans and widows).
    for (std::size_t from = 0; from < n;) {
      std::size_t fit = lines_that_fit(n, from, s.row_pitch, room() - s.row_pad - 1);
      if (fit == 0 && rows_here) {
        break_table(s), rows_here = false, on_page = 0;
        continue;
      }
      fit = std::max<std::size_t>(fit, 1);  // under a header at the top of a page: go on
      draw_table_row(s, s.rows[i], ts, from, from + fit);
      rows_here = true;
      from += fit;
      if (from < n) break_table(s), rows_here = false, on_page = 0;
    }
    ++on_page;
  }
}

void Composer::place(const model::Table& t, const model::Block*) {
  const TableSet s = set_table(t);
  const Lines cap = caption_lines(t.caption, {t.where, &t.caption_origin});
  const Lines note = notes_lines(t.notes, t.note, {t.where, &t.note_origin});
  const double area = top_ - bottom_;
  if (s.header_height() + s.part_height(1) + 2 > area)
    header_too_tall(problems_, t, s.header, area);
  place_table_caption(s, cap, note);
  start_table(s);
  place_table_rows(s, note);
  grid_rules(s);
  table_rule(1.0);
  emit_lines(note);
  snap_to_grid();
}

}  // namespace jb::layout::detail
