#include "layout/lay_out.hpp"

#include <algorithm>
#include <cmath>

#include "core/char_class.hpp"
#include "core/utf8.hpp"
#include "layout/font_choice.hpp"
#include "layout/line_breaker.hpp"

namespace jb::layout {

using namespace core;  // character classes

using spec::FontRole;

namespace {

constexpr double pt_per_mm = 72.0 / 25.4;
constexpr double ascent_em = 0.88;  // baseline inside a CJK em box (ideographic descent 0.12 em)
constexpr Rgb black{0, 0, 0};
constexpr Rgb red{0.78, 0.05, 0.05};

struct TextStyle {
  FontRole cjk = FontRole::song;
  FontRole latin = FontRole::latin;
  double size_pt = 12;
  Rgb color = black;
};

// Table column widths from the columns' natural widths: the spare width is spread evenly when
// they fit. When they do not, fixed columns (short ones and numbers: a number never wraps) keep
// their width, narrow text columns get theirs if their fair share allows, and the widest text
// columns wrap. Only when even the fixed columns do not fit is everything scaled down.
std::vector<double> column_widths(const std::vector<double>& natural,
                                  const std::vector<bool>& fixed, double width) {
  const std::size_t n = natural.size();
  double total = 0, fixed_total = 0, flexible_total = 0;
  for (std::size_t c = 0; c < n; ++c) {
    total += natural[c];
    (fixed[c] ? fixed_total : flexible_total) += natural[c];
  }
  std::vector<double> widths = natural;
  if (total <= width) {
    for (double& w : widths) w += (width - total) / static_cast<double>(n);
  } else if (fixed_total < width && flexible_total > 0) {
    std::vector<std::size_t> order;
    for (std::size_t c = 0; c < n; ++c)
      if (!fixed[c]) order.push_back(c);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return natural[a] < natural[b]; });
    double left = width - fixed_total;
    for (std::size_t k = 0; k < order.size(); ++k) {
      widths[order[k]] = std::min(natural[order[k]], left / static_cast<double>(order.size() - k));
      left -= widths[order[k]];
    }
    if (left > 0) widths[order.back()] += left;
  } else {
    for (double& w : widths) w *= width / total;
  }
  return widths;
}

class Composer {
 public:
  Composer(const model::Document& doc, const TextMeasurer& m) : doc_(doc), m_(m) {
    const auto& p = doc.page;
    out_.width_pt = p.width_pt;
    out_.height_pt = p.height_pt;
    left_ = p.margin_left_pt;
    width_ = p.width_pt - p.margin_left_pt - p.margin_right_pt;
    top_ = p.height_pt - p.margin_top_pt;
    bottom_ = p.margin_bottom_pt;
    pitch_ = doc.style.line_pitch_pt;
    out_.fonts = doc.fonts;
    out_.title = doc.title;
    out_.author = doc.issuer;
    out_.year = doc.year, out_.month = doc.month, out_.day = doc.day;
  }

  PageLayout run() {
    new_page();
    title_block();
    const auto& blocks = doc_.blocks;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      const model::Block* next = i + 1 < blocks.size() ? &blocks[i + 1] : nullptr;
      std::visit([&](const auto& b) { place(b, next); }, blocks[i]);
    }
    // A page break at the end (or before nothing) leaves no blank page behind.
    while (out_.pages.size() > 1 && out_.pages.back().runs.empty() &&
           out_.pages.back().rules.empty() && out_.pages.back().charts.empty())
      out_.pages.pop_back();
    number_pages();
    problems_.throw_if_errors(core::ExitCode::data_error);
    return std::move(out_);
  }

 private:
  // ---- text ---------------------------------------------------------------------------------
  // Where a piece of text came from: its block, and where known each character's own origin.
  struct Origin {
    const core::SourceLocation& where;
    const core::Provenance* chars = nullptr;
    std::string context = {};  // e.g. "in column '企业'"
  };

  void character_error(const Origin& o, std::size_t index, std::string message, std::string hint) {
    core::SourceLocation at = o.where;
    std::string context = o.context;
    if (o.chars && index < o.chars->size()) {
      at = o.chars->at(index);
      if (!o.chars->context(index).empty()) context = o.chars->context(index);
    }
    if (!context.empty()) message += " " + context;
    problems_.error(std::move(at), std::move(message), std::move(hint));
  }

  std::vector<ShapedGlyph> shape(const std::string& utf8, const TextStyle& ts, const Origin& o) {
    std::vector<ShapedGlyph> out;
    const auto text = core::decode_utf8(utf8);
    if (!text) {
      problems_.error(o.where, "text is not valid UTF-8");
      return out;
    }
    const double em = ts.size_pt;
    for (std::size_t i = 0; i < text->size(); ++i) {
      const char32_t c = (*text)[i];
      if (c > 0xFFFF) {
        character_error(o, i,
                        "the character '" + core::encode_utf8(std::u32string(1, c)) + "' (" +
                            core::code_point_name(c) + ") is outside the Basic Multilingual Plane",
                        "the PDF writer (libharu 2.3.0) would print it as a blank; write the "
                        "character another way or leave it out");
        continue;
      }
      const auto role = choose_font(m_, {ts.cjk, ts.latin}, c);
      if (!role) {
        character_error(o, i, missing_character_message(c),
                        "no font of the " + std::string(spec::font_role_name(ts.cjk)) +
                            " chain has it; map a font that does in the spec's 'fonts' section");
        continue;
      }
      const double font_advance = *m_.advance_em(*role, c) * em;
      ShapedGlyph g{c, *role, font_advance, 0.0, 0.0, font_advance};
      // F3: a full-width mark whose glyph is narrower than its cell is placed in the cell.
      const core::PunctuationCell cell = core::punctuation_cell(c);
      if (cell.width_em > 0 && font_advance < cell.width_em * em - 0.01) {
        g.advance_pt = cell.width_em * em;
        const double spare = g.advance_pt - font_advance;
        g.pen_offset_pt = cell.place == core::CellPlacement::right    ? spare
                          : cell.place == core::CellPlacement::center ? spare / 2
                                                                      : 0.0;
      }
      if (!out.empty()) {  // W5: a quarter em between Han and Latin letters or digits
        const char32_t p = out.back().cp;
        const bool latin_p = uses_latin_font(p) && p != ' ',
                   latin_c = uses_latin_font(c) && c != ' ';
        if ((is_han(p) && latin_c) || (latin_p && is_han(c))) g.gap_before_pt = 0.25 * em;
      }
      out.push_back(g);
    }
    return out;
  }

  // Text shaped once (fonts, advances, break opportunities), set at any width.
  struct Shaped {
    std::vector<ShapedGlyph> glyphs;
    std::vector<bool> breaks;
  };
  Shaped shape_text(const std::string& utf8, const TextStyle& ts, const Origin& o) {
    Shaped out{shape(utf8, ts, o), {}};
    std::u32string text;
    for (const auto& g : out.glyphs) text.push_back(g.cp);
    out.breaks = find_breaks(text);
    return out;
  }
  std::vector<SetLine> set_shaped(const Shaped& s, const TextStyle& ts, double width, double indent,
                                  LineAlign align) {
    return set_lines(s.glyphs, s.breaks, LineStyle{ts.size_pt, width, indent, align, true});
  }
  std::vector<SetLine> set(const std::string& utf8, const TextStyle& ts, double width,
                           double indent, LineAlign align, const Origin& o) {
    return set_shaped(shape_text(utf8, ts, o), ts, width, indent, align);
  }
  // The widest line of the text set without a width limit (its natural single-line width,
  // or the widest of its forced lines).
  double natural_width(const Shaped& s, const TextStyle& ts) {
    double w = 0;
    for (const auto& l : set_shaped(s, ts, 1e6, 0, LineAlign::left))
      w = std::max(w, l.natural_width_pt);
    return w;
  }

  // Emits a set line as runs: consecutive glyphs of one font with a uniform extra spacing.
  void emit(const SetLine& line, double x0, double baseline, const TextStyle& ts) {
    emit_on(page(), line, x0, baseline, ts);
  }
  void emit_on(Page& target, const SetLine& line, double x0, double baseline, const TextStyle& ts) {
    const auto& gs = line.glyphs;
    // Where the PDF's pen draws glyph k, and the gap it leaves before glyph k + 1.
    auto pen = [&](std::size_t k) { return gs[k].x_pt + gs[k].pen_offset_pt; };
    auto gap_after = [&](std::size_t k) { return pen(k + 1) - pen(k) - gs[k].font_advance_pt; };
    std::size_t i = 0;
    while (i < gs.size()) {
      GlyphRun run{x0 + pen(i), baseline, gs[i].font, ts.size_pt, {gs[i].cp}, 0.0, ts.color};
      std::size_t j = i + 1;
      if (j < gs.size() && gs[j].font == gs[i].font) run.char_space_pt = gap_after(i);
      // A run keeps one spacing; a wide gap (beyond what a PDF viewer and libharu take as
      // character spacing) starts a new run instead, and so does a glyph placed in its cell.
      while (j < gs.size() && gs[j].font == run.font && std::fabs(run.char_space_pt) < 20.0 &&
             std::fabs(gap_after(j - 1) - run.char_space_pt) < 0.001) {
        run.text.push_back(gs[j].cp);
        ++j;
      }
      if (j == i + 1) run.char_space_pt = 0;
      target.runs.push_back(std::move(run));
      i = j;
    }
  }

  // ---- pages --------------------------------------------------------------------------------
  Page& page() { return out_.pages.back(); }
  void new_page() {
    out_.pages.emplace_back();
    cursor_ = top_;
  }
  bool page_empty() const { return cursor_ >= top_ - 0.01; }
  double room() const { return cursor_ - bottom_; }
  void ensure(double height) {
    if (height > room() + 0.01 && !page_empty()) new_page();
  }
  // Moves the cursor down to the next line of the body grid (P3).
  void snap_to_grid() {
    const double used = top_ - cursor_;
    cursor_ = top_ - std::ceil(used / pitch_ - 1e-6) * pitch_;
  }
  double baseline_in(double box_top, double box_height, double size) const {
    return box_top - (box_height - size) / 2 - ascent_em * size;
  }

  TextStyle body_style() const {
    return {FontRole::song, FontRole::latin, doc_.style.body_size_pt, black};
  }

  // Lines of one paragraph-like block on the body grid, split across pages without leaving a
  // single line alone at the foot or the head of a page.
  void flow_lines(const std::vector<SetLine>& lines, const TextStyle& ts, double line_pitch) {
    std::size_t i = 0;
    while (i < lines.size()) {
      auto fit = static_cast<std::size_t>(std::floor((room() + 0.01) / line_pitch));
      const std::size_t left = lines.size() - i;
      if (fit < left && lines.size() > 1) {
        if (fit == 1 && i == 0)
          fit = 0;  // orphan: first line alone at the foot
        else if (left - fit == 1 && fit >= 2)
          fit -= 1;  // widow: last line alone at the head
      }
      if (fit == 0) {
        if (page_empty())
          fit = 1;  // a line taller than the page: set it anyway
        else {
          new_page();
          continue;
        }
      }
      for (std::size_t k = 0; k < fit && i < lines.size(); ++k, ++i) {
        emit(lines[i], left_, baseline_in(cursor_, line_pitch, ts.size_pt), ts);
        cursor_ -= line_pitch;
      }
      if (i < lines.size()) new_page();
    }
  }

  // ---- blocks -------------------------------------------------------------------------------
  void title_block() {
    const auto& st = doc_.style;
    const TextStyle title{FontRole::hei, FontRole::latin_sans, st.title_size_pt, black};
    for (const auto& l : set(doc_.title, title, width_, 0, LineAlign::center,
                             {doc_.title_where, &doc_.title_origin})) {
      emit(l, left_, baseline_in(cursor_, st.title_size_pt * 1.5, st.title_size_pt), title);
      cursor_ -= st.title_size_pt * 1.5;
    }
    if (!doc_.subtitle.empty()) {
      const TextStyle sub{FontRole::kai, FontRole::latin, st.subtitle_size_pt, black};
      for (const auto& l : set(doc_.subtitle, sub, width_, 0, LineAlign::center,
                               {doc_.subtitle_where, &doc_.subtitle_origin})) {
        emit(l, left_, baseline_in(cursor_, st.subtitle_size_pt * 1.6, st.subtitle_size_pt), sub);
        cursor_ -= st.subtitle_size_pt * 1.6;
      }
    }
    cursor_ -= pitch_ * 0.25;
    const TextStyle meta{FontRole::kai, FontRole::latin, st.body_size_pt, black};
    std::string line = doc_.issuer.empty() ? doc_.date_text : doc_.issuer + "　　" + doc_.date_text;
    for (const auto& l : set(line, meta, width_, 0, LineAlign::center, {doc_.issuer_where})) {
      emit(l, left_, baseline_in(cursor_, pitch_, st.body_size_pt), meta);
      cursor_ -= pitch_;
    }
    cursor_ -= 4;
    page().rules.push_back({left_, cursor_, left_ + width_, cursor_, 1.5, red});
    page().rules.push_back({left_, cursor_ - 2.5, left_ + width_, cursor_ - 2.5, 0.5, red});
    cursor_ -= 2.5 + pitch_ * 0.5;
    snap_to_grid();
  }

  void place(const model::Heading& h, const model::Block* next) {
    const auto& st = doc_.style;
    const TextStyle ts =
        h.level == 1 ? TextStyle{FontRole::hei, FontRole::latin_sans, st.heading_size_pt, black}
                     : TextStyle{FontRole::kai, FontRole::latin, st.subheading_size_pt, black};
    const double indent = 2 * st.body_size_pt;
    core::Provenance origin;  // the generated number, then the heading's own text
    origin.push(core::count_code_points(h.number), h.where);
    origin.append(h.origin);
    const auto lines =
        set(h.number + h.text, ts, width_, indent, LineAlign::left, {h.where, &origin});
    // Keep with next: the heading and two lines of what follows stay on one page.
    const bool before_text = next && std::holds_alternative<model::Paragraph>(*next);
    ensure(pitch_ * static_cast<double>(lines.size() + (before_text ? 2 : 1)));
    for (const auto& l : lines) {
      emit(l, left_, baseline_in(cursor_, pitch_, ts.size_pt), ts);
      cursor_ -= pitch_;
    }
  }

  void place(const model::Paragraph& p, const model::Block*) {
    const TextStyle ts = body_style();
    flow_lines(set(p.text, ts, width_, 2 * ts.size_pt, LineAlign::justify, {p.where, &p.origin}),
               ts, pitch_);
  }

  void place(const model::PageBreak&, const model::Block*) {
    if (!page_empty()) new_page();
  }

  // Captions (above a table or chart) and source notes (below it) are set before their block
  // is placed, so that the block, its caption and its note are kept together by their real
  // heights.
  struct Lines {
    std::vector<SetLine> lines;
    TextStyle style;
    double pitch_pt = 0;
    double space_before_pt = 0;
    double height() const {
      return lines.empty() ? 0.0 : space_before_pt + pitch_pt * static_cast<double>(lines.size());
    }
  };
  Lines caption_lines(const std::string& text, const Origin& where) {
    const TextStyle ts{FontRole::hei, FontRole::latin_sans, doc_.style.caption_size_pt, black};
    return {
        text.empty() ? std::vector<SetLine>{} : set(text, ts, width_, 0, LineAlign::center, where),
        ts, pitch_, 0.0};
  }
  Lines note_lines(const std::string& text, const Origin& where) {
    const TextStyle ts{FontRole::song, FontRole::latin, doc_.style.note_size_pt, black};
    return {
        text.empty() ? std::vector<SetLine>{} : set(text, ts, width_, 0, LineAlign::justify, where),
        ts, ts.size_pt * 1.6, ts.size_pt * 0.3};
  }
  void emit_lines(const Lines& l) {
    if (l.lines.empty()) return;
    cursor_ -= l.space_before_pt;
    for (const auto& line : l.lines) {
      emit(line, left_, baseline_in(cursor_, l.pitch_pt, l.style.size_pt), l.style);
      cursor_ -= l.pitch_pt;
    }
  }

  void place(const model::ChartRef& ref, const model::Block*) {
    const model::Chart& c = doc_.charts.at(ref.index);
    const Lines cap = caption_lines(c.caption, {c.where, &c.caption_origin});
    const Lines note = note_lines(c.note, {c.where, &c.note_origin});
    const double height = std::min(c.height_pt, top_ - bottom_ - cap.height() - note.height());
    ensure(cap.height() + height + note.height());
    emit_lines(cap);
    page().charts.push_back({ref.index, left_, cursor_ - height, width_, height});
    cursor_ -= height;
    emit_lines(note);
    snap_to_grid();
  }

  struct CellSet {
    std::vector<SetLine> lines;
    double inset_pt = 0;  // from the column's padding to the cell's text block
  };

  void place(const model::Table& t, const model::Block*) {
    const auto& st = doc_.style;
    const TextStyle head{FontRole::hei, FontRole::latin_sans, st.table_size_pt, black};
    const TextStyle cell{FontRole::song, FontRole::latin, st.table_size_pt, black};
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
    std::vector<double> natural(ncols, 2 * st.table_size_pt);
    std::vector<bool> fixed(ncols);
    for (std::size_t c = 0; c < ncols; ++c) {
      natural[c] = std::max(natural[c], natural_width(header_text[c], head));
      for (const auto& r : body_text) natural[c] = std::max(natural[c], natural_width(r[c], cell));
      natural[c] += 2 * pad;
      fixed[c] = natural[c] <= 6 * st.table_size_pt || t.align[c] == spec::Align::right;
    }
    const std::vector<double> widths = column_widths(natural, fixed, width_);

    // Numbers are right-aligned within a block as wide as the column's widest entry, and that
    // block is centred in the column: figures line up under a centred header.
    std::vector<double> inset(ncols, 0.0), inner(ncols);
    for (std::size_t c = 0; c < ncols; ++c) {
      inner[c] = widths[c] - 2 * pad;
      if (t.align[c] == spec::Align::right && widths[c] > natural[c]) {
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
        const auto a = t.align[c] == spec::Align::right    ? LineAlign::right
                       : t.align[c] == spec::Align::center ? LineAlign::center
                                                           : LineAlign::left;
        rows.back().push_back({set_shaped(r[c], cell, inner[c], 0, a), inset[c]});
      }
    }

    auto row_height = [&](const std::vector<CellSet>& row) {
      std::size_t n = 1;
      for (const auto& c : row) n = std::max(n, c.lines.size());
      return static_cast<double>(n) * row_pitch + 0.6 * st.table_size_pt;
    };
    auto draw_row = [&](const std::vector<CellSet>& row, const TextStyle& ts) {
      double x = left_;
      for (std::size_t c = 0; c < ncols; ++c) {
        double y = cursor_ - 0.3 * st.table_size_pt;
        for (const auto& l : row[c].lines) {
          emit(l, x + pad + row[c].inset_pt, baseline_in(y, row_pitch, ts.size_pt), ts);
          y -= row_pitch;
        }
        x += widths[c];
      }
      cursor_ -= row_height(row);
    };
    auto rule = [&](double w) {
      page().rules.push_back({left_, cursor_, left_ + width_, cursor_, w, black});
    };
    auto start_table = [&] {
      rule(1.0);
      draw_row(header, head);
      rule(0.5);
    };

    const Lines cap = caption_lines(t.caption, {t.where, &t.caption_origin});
    const Lines note = note_lines(t.note, {t.where, &t.note_origin});
    // The caption stays with the header and the first row; the note with the last row.
    const double first = row_height(header) + (rows.empty() ? 0 : row_height(rows[0]));
    ensure(cap.height() + first + (rows.size() <= 1 ? note.height() : 0) + 2);
    emit_lines(cap);
    start_table();
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const double needed = row_height(rows[i]) + (i + 1 == rows.size() ? note.height() : 0) + 1;
      if (needed > room() && i > 0) {  // break the table: close it, repeat the header
        rule(1.0);
        new_page();
        start_table();
      }
      draw_row(rows[i], cell);
    }
    rule(1.0);
    emit_lines(note);
    snap_to_grid();
  }

  void number_pages() {
    const TextStyle ts{FontRole::song, FontRole::latin, doc_.style.page_number_size_pt, black};
    const double baseline = bottom_ - 7 * pt_per_mm - ascent_em * ts.size_pt;
    const core::SourceLocation where{"page number", 0, 0};
    for (std::size_t i = 0; i < out_.pages.size(); ++i) {
      const std::string text = "— " + std::to_string(i + 1) + " —";
      for (const auto& l : set(text, ts, width_, 0, LineAlign::center, {where}))
        emit_on(out_.pages[i], l, left_, baseline, ts);
    }
  }

  const model::Document& doc_;
  const TextMeasurer& m_;
  PageLayout out_;
  core::DiagnosticList problems_;
  double left_ = 0, width_ = 0, top_ = 0, bottom_ = 0, pitch_ = 0, cursor_ = 0;
};

}  // namespace

PageLayout lay_out(const model::Document& doc, const TextMeasurer& measurer) {
  return Composer(doc, measurer).run();
}

}  // namespace jb::layout
