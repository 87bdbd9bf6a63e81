#include "model/build_document.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <deque>
#include <unordered_set>

#include "core/char_class.hpp"
#include "core/decimal.hpp"
#include "core/file_name.hpp"
#include "core/units.hpp"
#include "core/utf8.hpp"
#include "data/number.hpp"
#include "data/period.hpp"
#include "model/entity_view.hpp"
#include "model/expression.hpp"

namespace jb::model {

using core::ExitCode;
using core::SourceLocation;

namespace {

using core::pt_per_mm;

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000; }

// Words that say which way a figure went; the figure after them is a magnitude. Those of a rise
// and those of a fall, and two whose sense depends on what comes before them (降幅收窄,
// 差距扩大): they still forbid a sign, but cannot check one.
constexpr const char* rise_words[] = {"增长", "提高", "上涨", "增加", "加快", "高于",
                                      "快于", "上升", "回升", "超过", "多于"};
constexpr const char* fall_words[] = {"下降", "降低", "回落", "下跌", "减少",  "放缓",
                                      "低于", "慢于", "下滑", "少于", "负增长"};
constexpr const char* either_words[] = {"收窄", "扩大"};

// A character sequence that means a placeholder, which no printed text may hold.
bool has_braces(const std::string& text) {
  return text.find("{{") != std::string::npos || text.find("}}") != std::string::npos;
}

// The first control character in a text (C0, DEL, C1) but the line break, which a cell may
// hold (Alt+Enter in Excel; a chart breaks its label there): a NUL, an ESC or a CR prints as
// nothing, or as a box, and is never what the cell meant.
std::optional<char32_t> control_character(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7f) return char32_t{c};
    if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) <= 0x9f)
      return char32_t{static_cast<unsigned char>(text[i + 1])};
  }
  return std::nullopt;
}

std::string control_message(char32_t cp) {
  return "holds the control character '" +
         core::escape_controls(core::encode_utf8(std::u32string(1, cp))) + "' (" +
         core::code_point_name(cp) + "), which cannot be printed";
}
constexpr const char* control_hint = "remove it from the data";

// The text since the last clause break (，。；：！？ and their ASCII forms, or a line break).
std::string clause_tail(const std::string& before) {
  std::size_t clause = 0;
  for (const char* stop : {"，", "。", "；", "：", "！", "？", ",", ";", "\n"}) {
    const auto at = before.rfind(stop);
    if (at != std::string::npos) clause = std::max(clause, at + std::string(stop).size());
  }
  return before.substr(clause);
}

// Collects problems of both kinds so that one run reports all of them.
class Binder {
 public:
  Binder(const data::IndicatorSet& data, std::string entity)
      : data_(data), entity_(std::move(entity)) {}
  const std::string& entity() const { return entity_; }
  // The column where: this reads the entity from when a filter names none.
  void set_each_key(std::string column) { each_key_ = std::move(column); }

  // What a table's or a chart's filter (where: this, pivot) keeps of src for this report,
  // kept for the document's life; nullptr with the problem reported.
  const data::Table* view(const data::Table& src, const spec::EntityFilter& f) {
    auto v = entity_view(src, f, entity_, each_key_, src.name, problems_);
    if (!v) return nullptr;
    return &views_.emplace_back(std::move(*v));
  }

  // The template's text with placeholders filled, normalised as prose, and where each of its
  // code points came from: a literal character's own line and column in the spec, a value's
  // data row.
  std::string fill(const spec::TextTemplate& t, core::Provenance& origin) {
    std::string out;
    word_at_ = std::string::npos;
    for (const spec::TextSegment& s : t.segments) {
      if (!s.is_placeholder) {
        if (has_braces(s.text))  // a lone }} or a {{ the template did not take as a placeholder
          error(ExitCode::invalid_spec, s.where,
                "'" + core::excerpt(s.text) + "' would print '{{' or '}}' literally",
                "a placeholder is written {{ table.row.column }}; braces are no text of a report");
        if (figures_) written_figures(s);
        out += s.text;
        const std::size_t n = core::count_code_points(s.text);
        if (s.chars.size() != n) {
          origin.push(n, s.where);
          continue;
        }
        for (const auto& [line, column] : s.chars)
          origin.push(SourceLocation{s.where.file, line, column});
        continue;
      }
      auto e = evaluate(s.text, s.where, data_, problems_, entity_);
      if (!e || !printable(*e, s) || !check_wording(out, *e, s)) continue;
      if (e->chose_word) word_at_ = out.size(), word_said_ = e->text;
      out += e->text;
      origin.push(core::count_code_points(e->text), e->value_where,
                  "in the value of {{ " + s.text + " }} at " + core::to_string(s.where));
      if (figures_) figures_->push_back(Figure{std::move(*e), s.where, s.text, {}});
    }
    return normalize_prose(out, &origin);
  }

  // A template filled as a plain text (a header, a unit): no prose origin kept.
  std::string fill(const spec::TextTemplate& t) {
    core::Provenance ignored;
    return fill(t, ignored);
  }
  // Where the figures printed go (the audit trail), or nowhere.
  void collect(std::vector<Figure>* figures) { figures_ = figures; }
  // A figure jianbao made itself (a caption's number, the date), for the audit trail.
  void generated(std::string text, std::string how, const SourceLocation& where) {
    if (!figures_) return;
    Figure f;
    f.value.text = std::move(text);
    f.value.formula = std::move(how);
    f.where = where;
    figures_->push_back(std::move(f));
  }

  // Where every problem of the document goes.
  core::DiagnosticList& problems() { return problems_; }
  void error(ExitCode code, SourceLocation where, std::string message, std::string hint = {}) {
    problems_.error(code, std::move(where), std::move(message), std::move(hint));
  }

  int problem_count() const { return problems_.error_count(); }

  // The model's boundary: every problem found, with the code they call for (invalid_spec when
  // the spec got a name wrong, else data_error). None are new when only data that failed to
  // load was used: its problems stand.
  void throw_if_errors() const { problems_.throw_if_errors(); }

  const data::Table* table(const std::string& name, const SourceLocation& where) {
    const data::Table* t = data_.find(name);
    if (!t && data_.is_unavailable(name)) {  // its loading failed and was reported
      problems_.reported_before(ExitCode::data_error);
      return nullptr;
    }
    if (!t) error(ExitCode::invalid_spec, where, "unknown data '" + name + "'");
    return t;
  }

  std::optional<std::size_t> column(const data::Table& t, const std::string& name,
                                    const SourceLocation& where) {
    auto c = t.column_index(name);
    if (!c) {
      std::string names;
      for (const auto& n : t.columns) names += (names.empty() ? "" : ", ") + n;
      error(ExitCode::invalid_spec, where, "no column '" + name + "' in '" + t.name + "'",
            "columns: " + names);
    }
    return c;
  }

 private:
  const data::IndicatorSet& data_;
  std::string entity_;
  std::string each_key_;
  std::deque<data::Table> views_;  // tables' and charts' own views (where: this, pivot)
  core::DiagnosticList problems_;  // 100 of each kind, and a count of the rest
  std::vector<Figure>* figures_ = nullptr;
  // Where in the text being filled a word(...) placeholder printed its word, and the word.
  std::size_t word_at_ = std::string::npos;
  std::string word_said_;

  // Digits typed into the spec's own text are figures too, and the audit trail says that
  // nothing computed them.
  void written_figures(const spec::TextSegment& s) {
    const std::string& t = s.text;
    for (std::size_t b = t.find_first_of("0123456789"); b != std::string::npos;
         b = t.find_first_of("0123456789", b)) {
      const std::size_t e = std::min(t.find_first_not_of("0123456789.", b), t.size());
      SourceLocation where = s.where;
      const std::size_t index = core::count_code_points(t.substr(0, b));
      if (index < s.chars.size())
        where.line = s.chars[index].first, where.column = s.chars[index].second;
      generated(t.substr(b, e - b), "(written in the spec)", where);
      b = e;
    }
  }

  // The words of the clause before a figure and the figure must agree (whatever the data says
  // next month): after a word that says the direction ("低于全市-1.5个百分点", "下降-2.1%") a
  // sign would be printed twice; a magnitude (| abs) must go the way the last such word says
  // ("下降{{ x | abs }}%" for a rise), and cannot be zero after one (下降0.0%).
  // A value's text holds no placeholder and no control character; else an error at its data row.
  bool printable(const Evaluation& e, const spec::TextSegment& s) {
    if (has_braces(e.text)) {
      error(ExitCode::data_error, e.value_where,
            "the value of {{ " + s.text + " }} would print '{{' or '}}' literally: '" +
                core::excerpt(e.text) + "'",
            "used at " + core::to_string(s.where) + "; data cells hold no placeholders");
      return false;
    }
    if (const auto cp = control_character(e.text)) {
      error(ExitCode::data_error, e.value_where,
            "the value of {{ " + s.text + " }} " + control_message(*cp),
            std::string(control_hint) + "; used at " + core::to_string(s.where));
      return false;
    }
    return true;
  }

  // False, with the problem recorded, when the figure contradicts its words.
  bool check_wording(const std::string& before, const Evaluation& e, const spec::TextSegment& s) {
    const bool signed_figure =
        e.text.rfind("-", 0) == 0 || e.text.rfind("+", 0) == 0 || e.text.rfind("\u2212", 0) == 0;
    if (!signed_figure && e.dropped_sign == 0 && !e.abs_zero) return true;
    const std::string tail = clause_tail(before);
    // The word ending last; of two ending together the longer (负增长 over 增长).
    std::size_t end = 0, length = 0;
    std::string said;
    int sense = 0;  // 1 a rise, -1 a fall, 0 either
    auto scan = [&](const auto& words, int up) {
      for (const char* w : words) {
        const auto at = tail.rfind(w);
        const std::size_t n = std::string_view(w).size();
        if (at != std::string::npos && (at + n > end || (at + n == end && n > length)))
          end = at + n, length = n, said = w, sense = up;
      }
    };
    scan(rise_words, 1);
    scan(fall_words, -1);
    scan(either_words, 0);
    // A word word(...) chose in this clause says the direction as well ("慢{{ x }}个百分点").
    if (said.empty() && word_at_ != std::string::npos && word_at_ >= before.size() - tail.size())
      said = word_said_;
    if (said.empty()) return true;
    auto refuse = [&](const std::string& message, const char* hint) {
      error(ExitCode::data_error, s.where,
            "{{ " + s.text + " }} is " + e.text + " after '" + said + "'" + message, hint);
      return false;
    };
    if (signed_figure)
      return refuse(", which already says the direction: it would print a second sign",
                    "print the magnitude with | abs, or let | change, | points, | pace or "
                    "word(...) choose the words");
    if (e.abs_zero)
      return refuse(": a direction with no change to show",
                    "let | change, | points or | pace say 持平, or word(..., 持平) with the "
                    "magnitude's decimals");
    if (sense != 0 && sense != e.dropped_sign)
      return refuse(std::string(", but the figure is ") + (e.dropped_sign > 0 ? "above" : "below") +
                        " zero: it would print the wrong direction",
                    "let | change, | points, | pace or word(...) choose the words");
    return true;
  }

 public:
  // A printed cell or label read straight from the data, for the audit trail (only texts with
  // digits: a name is not a figure).
  void record_cell(const data::Table& src, const data::Row& r, std::size_t col,
                   const SourceLocation& where, const char* block, std::size_t row = Figure::npos) {
    const std::string_view text = r.cells[col];
    if (!figures_ || text.find_first_of("0123456789") == std::string_view::npos) return;
    Figure f;
    f.value.text = text;
    f.value.formula = src.name + "." + std::string(r.cells[0]) + "." + src.columns[col];
    f.value.sources.push_back(src.cell_location(r, col));
    f.value.value_where = src.location(r);
    f.where = where;
    f.block = block;
    f.row = row;
    figures_->push_back(std::move(f));
  }
};

// The column where: this keeps rows by when a filter names none: each's key column (or the
// first column of each's table); empty without each.
std::string each_key_column(const spec::JobSpec& spec, const data::IndicatorSet& data) {
  if (!spec.each) return {};
  if (!spec.each->key.empty()) return spec.each->key;
  const data::Table* t = data.find(spec.each->data);
  return t && !t->columns.empty() ? t->columns.front() : std::string();
}

// The data with the spec's views (data sources with from:) added for the report of `entity`,
// in the spec's order (a view may read an earlier one). A view that fails is unavailable, its
// problems in `problems`.
data::IndicatorSet with_views(const spec::JobSpec& spec, const data::IndicatorSet& data,
                              const std::string& entity, core::DiagnosticList& problems) {
  data::IndicatorSet set = data;
  const std::string each_key = each_key_column(spec, data);
  for (const spec::DataSourceSpec& v : spec.data) {
    if (!v.is_view()) continue;
    const data::Table* src = set.find(v.from);
    std::optional<data::Table> view;
    if (!src && set.is_unavailable(v.from))
      problems.reported_before(ExitCode::data_error);
    else if (!src)
      problems.error(ExitCode::invalid_spec, v.where,
                     "the view '" + v.name + "' reads data '" + v.from +
                         "', which the spec does not have (before it)");
    else
      view = entity_view(*src, v.filter, entity, each_key, v.name, problems);
    if (view)
      set.tables.push_back(std::move(*view));
    else
      set.unavailable.push_back(v.name);
  }
  return set;
}

// Figure and table captions are numbered in order: "图1　…", "表2　…". A caption that already
// starts with its label and a number keeps it; a number out of sequence is an error, since the
// prose refers to figures by number.
void number_caption(std::string& caption, core::Provenance& origin, const char* label, int n,
                    const SourceLocation& where, Binder& b) {
  if (caption.empty()) return;
  const std::string l = label;
  if (caption.rfind(l, 0) == 0 && caption.size() > l.size() &&
      core::is_digit(static_cast<unsigned char>(caption[l.size()]))) {
    std::size_t end = l.size();
    int written = 0;
    while (end < caption.size() && core::is_digit(static_cast<unsigned char>(caption[end])))
      written = written * 10 + (caption[end++] - '0');
    if (written != n)
      b.error(ExitCode::invalid_spec, origin.size() ? origin.at(0) : where,
              "the caption is numbered " + l + std::to_string(written) + " but it is " + l +
                  std::to_string(n) + " in order",
              "leave the number out and jianbao numbers captions itself");
    return;
  }
  const std::string prefix = l + std::to_string(n) + "\u3000";
  b.generated(l + std::to_string(n), "(numbered by jianbao)", where);
  core::Provenance p;
  p.push(core::count_code_points(prefix), where);
  p.append(origin);
  origin = std::move(p);
  caption = prefix + caption;
}

// A column of figures prints only figures: a cell such as 1e300, NaN, 010 or 12abc among them is
// an error at the cell, as it is when prose or a chart uses it (a missing one prints —). The key
// column names rows, and a period is no figure but belongs in such a column.
void refuse_non_figures(const data::Table& src, const std::vector<std::size_t>& cols,
                        const spec::TableBlock& tb, Binder& b) {
  for (std::size_t k = 0; k < cols.size(); ++k) {
    if (cols[k] == 0) continue;
    const auto figure = [&](const data::Row& r) { return data::parse_number(r.cells[cols[k]]); };
    if (std::none_of(src.rows.begin(), src.rows.end(), figure)) continue;  // a column of text
    for (const data::Row& r : src.rows) {
      const std::string cell(r.cells[cols[k]]);
      std::string why;
      if (cell.empty() || data::parse_number(cell, &why) || data::parse_period(cell)) continue;
      b.error(ExitCode::data_error, src.cell_location(r, cols[k]),
              "value '" + core::excerpt(cell) + "' in column '" + src.columns[cols[k]] +
                  "', a column of figures, is not a figure: " + why,
              "tabled at " +
                  core::to_string({tb.columns[k].where.file, tb.columns[k].where.line, 0}) +
                  "; fix the cell, or leave it empty to print —");
    }
  }
}

Table build_table(const spec::TableBlock& tb, Binder& b, const SourceLocation& where) {
  Table t;
  t.where = where;
  t.caption = b.fill(tb.caption, t.caption_origin);
  t.note = b.fill(tb.note, t.note_origin);
  const data::Table* src = b.table(tb.data, tb.data_where);
  if (src && !tb.filter.empty()) src = b.view(*src, tb.filter);
  std::vector<std::size_t> cols;
  for (const auto& c : tb.columns) {
    t.header.push_back(b.fill(c.header));
    t.header_where.push_back(c.header.empty() ? c.where : c.header.where);
    t.align.push_back(c.align);
    if (!src) continue;
    if (auto i = b.column(*src, c.column, c.where)) cols.push_back(*i);
  }
  if (!src || cols.size() != tb.columns.size()) return t;
  refuse_non_figures(*src, cols, tb, b);
  for (const data::Row& r : src->rows) {
    std::vector<std::string> cells;
    for (std::size_t k = 0; k < cols.size(); ++k) {
      cells.emplace_back(r.cells[cols[k]].empty() ? "—" : r.cells[cols[k]]);
      b.record_cell(*src, r, cols[k], tb.columns[k].where, "table", t.rows.size());
    }
    // A 其中 row keeps its indentation: one ideographic space per level.
    for (std::size_t k = 0; k < cols.size(); ++k)
      if (cols[k] == 0 && !r.cells[0].empty())
        for (int l = 0; l < r.level; ++l) cells[k].insert(0, "\u3000");
    t.rows.push_back(std::move(cells));
    t.row_where.push_back(src->location(r));
  }
  if (tb.notes_from_data)  // the source's own notes (注：…) after the spec's note
    for (const data::Footnote& f : src->footnotes) {
      t.note += f.text;
      t.note_origin.push(core::count_code_points(f.text), {src->file, f.line, 1});
    }
  return t;
}

// The rows a chart draws: all of its table's, or those named, in the order named.
std::vector<const data::Row*> chart_rows(const spec::ChartBlock& cb, Binder& b,
                                         const data::Table& src) {
  std::vector<const data::Row*> rows;
  if (cb.rows.empty()) {
    for (const data::Row& r : src.rows) rows.push_back(&r);
    return rows;
  }
  for (const auto& named : cb.rows) {
    const std::string& key = named == "this" && !b.entity().empty() ? b.entity() : named;
    const data::Row* r = src.find_row(key);
    if (!r)
      b.error(ExitCode::invalid_spec, cb.rows_where,
              "no row '" + key + "' in '" + src.name + "' to chart");
    else
      rows.push_back(r);
  }
  return rows;
}

// Where one series of the chart reads its values and its revised marks in the table.
struct SeriesColumns {
  std::optional<std::size_t> values, revised;
};

// One series' values over the rows; a missing cell stays missing (a gap), never a zero.
ChartSeries chart_series(const Chart& c, const spec::ChartSeriesSpec& spec, SeriesColumns cols,
                         const std::vector<const data::Row*>& rows, const data::Table& src,
                         Binder& b) {
  using vocab::ChartType;
  ChartSeries s{b.fill(spec.name), b.fill(spec.unit), spec.axis, {}, {}, {}};
  // A pie's and a stacked100's labels are shares, not the values (the audit's rows for them
  // are the drawn ones).
  const bool audited = cols.values && c.labels && !vocab::labels_are_shares(c.type);
  for (const data::Row* r : rows) {
    if (audited) b.record_cell(src, *r, *cols.values, spec.where, "chart");
    const std::string cell(cols.values ? r->cells[*cols.values] : std::string_view());
    s.revised.push_back((cols.revised && !r->cells[*cols.revised].empty()) ||
                        (cols.values && r->revised_cell(*cols.values)));
    std::string why;
    const auto v = cell.empty() ? std::nullopt : data::parse_number(cell, &why);
    if (!cell.empty() && !v)
      b.error(ExitCode::data_error, src.location(*r),
              "value '" + core::excerpt(cell) + "' in column '" + spec.column +
                  "' is not a number a chart can draw: " + why,
              "charted at " + spec.where.file + ":" + std::to_string(spec.where.line));
    s.values.push_back(v);
    s.labels.push_back(!v ? std::string() : cell[0] == '+' ? cell.substr(1) : cell);
  }
  return s;
}

// A pie of several series: one row's columns as the slices, the series become the categories.
void series_as_slices(Chart& c, std::vector<std::string>& keys) {
  ChartSeries slices{keys.front(), c.series.front().unit, vocab::Axis::left, {}, {}, {}};
  keys.clear();
  for (const auto& s : c.series) {
    keys.push_back(s.name);
    slices.values.push_back(s.values.front());
    slices.labels.push_back(s.labels.front());
    slices.revised.push_back(s.revised.front());
  }
  c.series = {std::move(slices)};
}

// The categories in the order the spec asks, by the first series. A ranking reads from the top:
// horizontal bars sort largest first unless told otherwise.
void sort_categories(const spec::ChartBlock& cb, Chart& c, std::vector<std::string>& keys) {
  const auto sort = cb.sort.value_or(vocab::default_sort(c.type));
  if (sort == vocab::ChartSort::none || c.series.empty()) return;
  std::vector<std::size_t> order(keys.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  const auto& v = c.series.front().values;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t bb) {
    const double va = v[a].value_or(-1e300), vb = v[bb].value_or(-1e300);
    return sort == vocab::ChartSort::descending ? va > vb : va < vb;
  });
  auto permute = [&](auto& vec) {
    auto copy = vec;
    for (std::size_t k = 0; k < order.size(); ++k) vec[k] = copy[order[k]];
  };
  permute(keys);
  for (auto& s : c.series) permute(s.values), permute(s.labels), permute(s.revised);
}

void set_highlight(const spec::ChartBlock& cb, Binder& b, const std::vector<std::string>& keys,
                   Chart& c) {
  if (cb.highlight.empty()) return;
  const std::string& key = cb.highlight == "this" ? b.entity() : cb.highlight;
  const auto at = std::find(keys.begin(), keys.end(), key);
  if (at == keys.end())
    b.error(ExitCode::data_error, c.where,
            "the chart highlights '" + key + "', which is not one of its categories");
  else
    c.highlight = static_cast<std::size_t>(at - keys.begin());
}

// The category labels and which of them are partial periods (前三季度).
void set_categories(const std::vector<std::string>& keys, Chart& c) {
  c.partial = data::partial_periods(keys);
  for (std::size_t k = 0; k < keys.size(); ++k) {
    const auto period = data::parse_period(keys[k]);
    const bool span = period && period->partial();  // 2025Q1, 2025M1-9: labelled on two lines
    c.categories.push_back(span ? std::to_string(period->year) + "\n" + period->span_zh()
                                : keys[k]);
    if (c.partial[k] && c.partial_label.empty()) c.partial_label = period->span_zh();
  }
}

// A negative part of a pie or of a stack cannot be drawn honestly: an error at the chart.
void refuse_negative_parts(const Chart& c, const std::vector<std::string>& keys, Binder& b) {
  if (!vocab::shows_parts(c.type)) return;
  for (const auto& s : c.series)
    for (std::size_t k = 0; k < s.values.size(); ++k)
      if (s.values[k] && *s.values[k] < 0)
        b.error(ExitCode::data_error, c.where,
                "the chart's '" + s.name + "' is " + s.labels[k] + " for '" + keys[k] + "': a " +
                    (vocab::is_pie(c.type) ? "pie" : "stacked chart") +
                    " cannot show a negative part",
                "use type: bar or hbar");
}

Chart build_chart(const spec::ChartBlock& cb, Binder& b, const SourceLocation& where) {
  Chart c;
  c.type = cb.type;
  c.where = where;
  c.style = cb.style;
  c.labels = cb.labels;
  c.caption = b.fill(cb.caption, c.caption_origin);
  c.note = b.fill(cb.note, c.note_origin);
  c.height_pt = cb.height_mm * pt_per_mm;
  const data::Table* src = b.table(cb.data, cb.data_where);
  if (src && !cb.filter.empty()) src = b.view(*src, cb.filter);
  if (!src) return c;
  const auto x = b.column(*src, cb.x, cb.x_where);
  std::vector<SeriesColumns> cols;
  for (const auto& s : cb.series)
    cols.push_back({b.column(*src, s.column, s.where),
                    s.revised.empty() ? std::nullopt : b.column(*src, s.revised, s.where)});
  if (!x) return c;
  const std::vector<const data::Row*> rows = chart_rows(cb, b, *src);
  if (rows.empty()) {
    b.error(ExitCode::data_error, {src->file, 1, 0}, "'" + src->name + "' has no rows to chart");
    return c;
  }
  for (std::size_t i = 0; i < cb.series.size(); ++i)
    c.series.push_back(chart_series(c, cb.series[i], cols[i], rows, *src, b));
  std::vector<std::string> keys;
  for (const data::Row* r : rows) {
    keys.emplace_back(r->cells[*x]);
    b.record_cell(*src, *r, *x, cb.x_where, "chart");
  }
  if (vocab::is_pie(c.type) && c.series.size() > 1) series_as_slices(c, keys);
  sort_categories(cb, c, keys);
  set_highlight(cb, b, keys, c);
  set_categories(keys, c);
  refuse_negative_parts(c, keys, b);
  return c;
}

}  // namespace

std::string normalize_prose(const std::string& text, core::Provenance* origin) {
  const auto decoded = core::decode_utf8(text);
  if (!decoded) return text;  // the spec and data stages only pass valid UTF-8
  const std::u32string& s = *decoded;
  std::u32string out;
  std::vector<bool> kept(s.size(), false);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!is_space(s[i])) {
      out.push_back(s[i]);
      kept[i] = true;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && is_space(s[j])) ++j;
    const bool at_edge = out.empty() || j == s.size();
    const bool next_to_cjk =
        !at_edge && (core::is_cjk_context(out.back()) || core::is_cjk_context(s[j]));
    if (!at_edge && !next_to_cjk) {
      out.push_back(U' ');
      kept[i] = true;
    }
    i = j - 1;
  }
  if (origin && origin->size() == s.size()) origin->keep(kept);
  return core::encode_utf8(out);
}

// The parts of a sum check against their total: a warning when they differ by more than the
// rounding of the published figures allows.
void run_sum_check(const spec::SumCheckSpec& check, const data::IndicatorSet& data, Binder& b,
                   std::vector<core::Diagnostic>& warnings) {
  core::Decimal sum;
  int decimals = 0;
  auto figure = [&](const std::string& ref) -> std::optional<core::Decimal> {
    const auto e = evaluate(ref, check.where, data, b.problems());
    if (!e) return std::nullopt;
    const std::string& text = e->text;
    const auto v = data::parse_number(text) ? core::Decimal::parse(text) : std::nullopt;
    if (!v) {
      b.error(ExitCode::data_error, check.where,
              "'" + ref + "' is '" + core::excerpt(text) + "', not a number");
      return std::nullopt;
    }
    decimals = std::max(decimals, core::decimals_of(text));
    return v;
  };
  bool complete = true;
  for (const auto& part : check.parts) {
    const auto v = figure(part);
    complete = complete && v;
    if (v) sum = sum + *v;
  }
  const auto total = figure(check.total);
  if (!complete || !total) return;
  // Half a unit of the last decimal per figure, or the spec's own tolerance.
  char given[64];
  std::snprintf(given, sizeof given, "%.10f", check.tolerance.value_or(0.0));
  const core::Decimal tolerance = check.tolerance
                                      ? core::Decimal::parse(given).value_or(core::Decimal())
                                      : core::Decimal(static_cast<long>(check.parts.size() + 1)) *
                                            core::Decimal::pow10(-decimals) / core::Decimal(2);
  const core::Decimal gap = (sum - *total).abs();
  if (gap > tolerance)
    warnings.push_back(core::Diagnostic{
        core::Severity::warning, check.where,
        "the parts add up to " + sum.fixed(decimals) + ", the total " + check.total + " is " +
            total->fixed(decimals) + " (a difference of " + gap.fixed(decimals) +
            ", beyond the rounding of " + tolerance.fixed(decimals + 1) + ")",
        "check the data; a revised total with first-published parts is a common cause"});
}

// The file name of an entity's report: each.output filled in (default: the entity), which must
// be a plain name ending in .pdf.
std::string name_report(const spec::JobSpec& spec, Binder& b, const std::string& entity) {
  core::Provenance ignored;
  const int before = b.problem_count();
  const std::string name =
      spec.each->output.empty() ? entity + ".pdf" : b.fill(spec.each->output, ignored);
  if (b.problem_count() != before) return name;  // what was wrong with its value is said
  const core::FileNameProblem problem = core::check_report_file_name(name);
  if (problem != core::FileNameProblem::none && !name.empty())
    b.error(
        ExitCode::data_error,
        spec.each->output.empty() ? spec.each->where : spec.each->output.where,
        "the report for '" + entity + "' would be named '" + name +
            "', not a file name ending in .pdf" +
            (problem == core::FileNameProblem::control_character ? " (it holds a control character)"
                                                                 : ""));
  return name;
}

std::string report_file_name(const spec::JobSpec& spec, const data::IndicatorSet& data,
                             const std::string& entity) {
  if (!spec.each || entity.empty()) return spec.meta.output_name;
  Binder b(data, entity);
  const std::string name = name_report(spec, b, entity);
  b.throw_if_errors();
  return name;
}

namespace {

// The entities of `each:`, or problems: an unknown table or key column stops at once; every
// empty or repeated key is reported.
std::vector<std::string> entities_of(const spec::EachSpec& each, const data::IndicatorSet& data,
                                     core::DiagnosticList& problems) {
  const data::Table* t = data.find(each.data);
  if (!t && data.is_unavailable(each.data)) {  // its loading failed and was reported
    problems.reported_before(ExitCode::data_error);
    return {};
  }
  if (!t) {
    problems.error(ExitCode::invalid_spec, each.where,
                   "'each' names data '" + each.data + "', which the spec does not have");
    return {};
  }
  std::size_t col = 0;
  if (!each.key.empty()) {
    const auto c = t->column_index(each.key);
    if (!c) {
      problems.error(
          ExitCode::invalid_spec, each.where,
          "'each' names the key column '" + each.key + "', which '" + t->name + "' does not have");
      return {};
    }
    col = *c;
  }
  std::vector<std::string> out;
  std::unordered_set<std::string_view> named;  // a table of 100,000 rows is one pass
  for (const data::Row& r : t->rows) {
    const std::string_view key = r.cells[col];
    if (key.empty())
      problems.error(ExitCode::data_error, t->location(r),
                     "a report's key is empty in '" + t->name + "'");
    else if (!named.insert(key).second)
      problems.error(ExitCode::data_error, t->location(r),
                     "two reports would be named '" + std::string(key) + "'");
    else
      out.emplace_back(key);
  }
  if (out.empty() && !problems.has_errors())
    problems.error(ExitCode::data_error, {t->file, 1, 0},
                   "'" + t->name + "' has no rows: there is no report to make");
  return out;
}

}  // namespace

std::vector<std::string> list_entities(const spec::JobSpec& spec, const data::IndicatorSet& data) {
  if (!spec.each) return {};
  core::DiagnosticList problems;
  std::vector<std::string> out = entities_of(*spec.each, data, problems);
  problems.throw_if_errors();
  return out;
}

namespace {

// The official fields as templates: a burst numbers its copies (份号) from the data, names its
// recipients from it. 份号 is checked once filled.
Official fill_official(const spec::OfficialSpec& o, Binder& b) {
  auto fill = [&](const spec::Field& f) {
    return Field{f.source.empty() ? f.text : b.fill(f.source), f.where};
  };
  Official out;
  out.copy_number = fill(o.copy_number);
  out.secrecy = fill(o.secrecy);
  out.urgency = fill(o.urgency);
  out.issuer_mark = fill(o.issuer_mark);
  out.doc_number = fill(o.doc_number);
  out.recipients = fill(o.recipients);
  out.signature = fill(o.signature);
  out.cc = fill(o.cc);
  out.printer = fill(o.printer);
  for (const spec::Field& f : o.attachments) out.attachments.push_back(fill(f));
  const std::string& n = out.copy_number.text;
  if (!o.copy_number.source.empty() &&
      (n.size() != 6 ||
       !std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; })))
    b.error(ExitCode::data_error, o.copy_number.where,
            "'copy_number' (份号) must be six digits, and here it is '" + n + "'",
            "GB/T 9704 7.2.1: 份号 is written with six Arabic digits, e.g. 000123");
  return out;
}

// Every template refuses braces as it is filled (Binder::fill); what tables and charts print
// straight from the data is checked here, at its row.
void refuse_placeholder_marks(const Document& doc, Binder& b) {
  auto check = [&](const std::string& text, const SourceLocation& where, const char* what) {
    if (const auto cp = control_character(text))
      b.error(ExitCode::data_error, where, std::string(what) + " " + control_message(*cp),
              control_hint);
    if (!has_braces(text)) return;
    b.error(
        ExitCode::data_error, where,
        std::string(what) + " would print '{{' or '}}' literally: '" + core::excerpt(text) + "'",
        "data cells hold no placeholders");
  };
  for (const auto& block : doc.blocks)
    if (const auto* t = std::get_if<Table>(&block))
      for (std::size_t r = 0; r < t->rows.size(); ++r)
        for (const auto& cell : t->rows[r]) check(cell, t->row_where[r], "a table cell");
  for (const auto& c : doc.charts)
    for (const auto& cat : c.categories) check(cat, c.where, "a chart category");
}

// A heading's number at its level: 一、 （一） 1. （1）.
std::string heading_number(int level, int n) {
  switch (level) {
    case 1:
      return chinese_number(n) + "、";
    case 2:
      return "（" + chinese_number(n) + "）";
    case 3:
      return std::to_string(n) + ".";
    default:
      return "（" + std::to_string(n) + "）";
  }
}

// The official fields filled, and the 印发日期 (the document's date unless given).
Official official_of(const spec::OfficialSpec& o, const Document& doc, Binder& b) {
  Official official = fill_official(o, b);
  const bool own_print_date = o.print_year != 0;
  official.print_date_text = std::to_string(own_print_date ? o.print_year : doc.year) + "年" +
                             std::to_string(own_print_date ? o.print_month : doc.month) + "月" +
                             std::to_string(own_print_date ? o.print_day : doc.day) + "日";
  // The 版记 (and its date) is printed only with 抄送 or 印发机关.
  if (doc.preset == vocab::Preset::gbt9704 && !(official.cc.empty() && official.printer.empty()))
    b.generated(official.print_date_text, "official.print_date",
                o.printer.empty() ? o.cc.where : o.printer.where);
  return official;
}

}  // namespace

Document build_document(const spec::JobSpec& spec, const data::IndicatorSet& given,
                        const std::string& entity) {
  // The spec's views (from:) made for this report, beside the loaded tables.
  core::DiagnosticList view_problems;
  const bool views = std::any_of(spec.data.begin(), spec.data.end(),
                                 [](const spec::DataSourceSpec& d) { return d.is_view(); });
  const data::IndicatorSet viewed =
      views ? with_views(spec, given, entity, view_problems) : data::IndicatorSet{};
  const data::IndicatorSet& data = views ? viewed : given;
  Binder b(data, entity);
  b.problems().add(view_problems);
  b.set_each_key(each_key_column(spec, given));
  Document doc;
  b.collect(&doc.figures);
  std::size_t labelled = 0;  // figures before this index know their block
  auto label = [&](const char* block, std::size_t index) {
    for (; labelled < doc.figures.size(); ++labelled) {
      if (doc.figures[labelled].block.empty()) doc.figures[labelled].block = block;
      doc.figures[labelled].block_index = index;
    }
  };
  doc.title = b.fill(spec.meta.title, doc.title_origin);
  label("title", Figure::npos);
  doc.subtitle = b.fill(spec.meta.subtitle, doc.subtitle_origin);
  label("subtitle", Figure::npos);
  doc.issuer = b.fill(spec.meta.issuer);
  label("issuer", Figure::npos);
  doc.title_where = spec.meta.title.where;
  doc.subtitle_where = spec.meta.subtitle.where;
  doc.issuer_where = spec.meta.issuer_where;
  doc.year = spec.meta.year, doc.month = spec.meta.month, doc.day = spec.meta.day;
  doc.date_text = std::to_string(doc.year) + "年" + std::to_string(doc.month) + "月" +
                  std::to_string(doc.day) + "日";
  b.generated(doc.date_text, "document.date", spec.meta.date_where);
  label("date", Figure::npos);
  doc.output_name = spec.meta.output_name;
  doc.entity = entity;
  doc.mark = b.fill(spec.meta.mark);
  label("mark", Figure::npos);
  doc.running_header =
      spec.meta.running_header.empty() ? doc.issuer : b.fill(spec.meta.running_header);
  doc.running_header_where =
      spec.meta.running_header.empty() ? spec.meta.issuer_where : spec.meta.running_header.where;
  doc.mark_where = spec.meta.mark.where;
  label("header", Figure::npos);
  if (spec.each && !entity.empty()) doc.output_name = name_report(spec, b, entity);
  label("output", Figure::npos);
  doc.style = spec.style;
  doc.page =
      PageGeometry{spec.page.width_mm * pt_per_mm,       spec.page.height_mm * pt_per_mm,
                   spec.page.margin_top_mm * pt_per_mm,  spec.page.margin_bottom_mm * pt_per_mm,
                   spec.page.margin_left_mm * pt_per_mm, spec.page.margin_right_mm * pt_per_mm};
  for (const auto& f : spec.fonts)
    doc.fonts.push_back(FontFace{f.role, f.file, f.face_index, f.fallback, f.where});

  doc.preset = spec.preset;
  const spec::OfficialSpec& o = spec.official;
  doc.typography = spec.typography;
  doc.official = official_of(o, doc, b);
  label("official", Figure::npos);

  int numbers[4] = {0, 0, 0, 0};  // the current number at each heading level
  int figures = 0, tables = 0;
  for (const spec::Block& block : spec.blocks) {
    if (const auto* h = std::get_if<spec::HeadingBlock>(&block.content)) {
      Heading out{h->level, {}, {}, block.where, {}};
      out.text = b.fill(h->text, out.origin);
      const int n = ++numbers[h->level - 1];
      for (int k = h->level; k < 4; ++k) numbers[k] = 0;
      if (h->numbered) out.number = heading_number(h->level, n);
      if (h->level >= 3 && h->numbered)
        b.generated(std::to_string(n), "(numbered by jianbao)", block.where);
      doc.blocks.push_back(std::move(out));
    } else if (const auto* p = std::get_if<spec::ParagraphBlock>(&block.content)) {
      Paragraph out{{}, block.where, {}};
      out.text = b.fill(p->text, out.origin);
      doc.blocks.push_back(std::move(out));
    } else if (const auto* l = std::get_if<spec::ListBlock>(&block.content)) {
      List out;
      for (const auto& item : l->items) {
        Paragraph led{"——", item.where, {}};
        led.origin.push(2, item.where);
        core::Provenance text_origin;
        led.text += b.fill(item, text_origin);
        led.origin.append(text_origin);
        out.items.push_back(std::move(led));
      }
      doc.blocks.push_back(std::move(out));
    } else if (const auto* q = std::get_if<spec::QuoteBlock>(&block.content)) {
      Quote out{Paragraph{{}, block.where, {}}};
      out.text.text = b.fill(q->text, out.text.origin);
      doc.blocks.push_back(std::move(out));
    } else if (const auto* t = std::get_if<spec::TableBlock>(&block.content)) {
      Table table = build_table(*t, b, block.where);
      number_caption(table.caption, table.caption_origin, "表", ++tables, block.where, b);
      doc.blocks.push_back(std::move(table));
    } else if (const auto* c = std::get_if<spec::ChartBlock>(&block.content)) {
      doc.charts.push_back(build_chart(*c, b, block.where));
      number_caption(doc.charts.back().caption, doc.charts.back().caption_origin, "图", ++figures,
                     block.where, b);
      doc.blocks.push_back(ChartRef{doc.charts.size() - 1});
    } else {
      doc.blocks.push_back(PageBreak{});
    }
    static constexpr const char* kinds[] = {"heading", "paragraph", "list",      "quote",
                                            "table",   "chart",     "page_break"};
    label(kinds[block.content.index()], doc.blocks.size() - 1);
  }
  for (const auto& check : spec.checks) run_sum_check(check, data, b, doc.warnings);
  refuse_placeholder_marks(doc, b);
  b.throw_if_errors();
  return doc;
}

}  // namespace jb::model
