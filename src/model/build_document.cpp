#include "model/build_document.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <deque>
#include <unordered_set>

#include "core/char_class.hpp"
#include "core/decimal.hpp"
#include "core/file_name.hpp"
#include "core/trim.hpp"
#include "core/units.hpp"
#include "core/utf8.hpp"
#include "data/number.hpp"
#include "data/period.hpp"
#include "model/entity_view.hpp"
#include "model/expression.hpp"
#include "model/figure.hpp"
#include "model/logic.hpp"
#include "model/notes.hpp"
#include "model/punctuation.hpp"

namespace jb::model {

using core::ExitCode;
using core::SourceLocation;

namespace {

using core::pt_per_mm;

// White space a prose text is joined across (U+3000, the full-width space, is a character of the
// text: only at its ends is it white space).
bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_edge_space(char32_t c) { return is_space(c) || c == 0x3000; }

// Keeps the elements whose flag is set.
template <class T>
void keep_flagged(std::vector<T>& v, const std::vector<bool>& kept) {
  std::size_t k = 0;
  for (std::size_t i = 0; i < v.size() && i < kept.size(); ++i)
    if (kept[i]) v[k++] = v[i];
  v.resize(k);
}

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

// The control character as a message shows it, escaped.
std::string control_shown(char32_t cp) {
  return core::escape_controls(core::encode_utf8(std::u32string(1, cp)));
}

// The text since the last clause break (，。；：！？ and their ASCII forms, or a line break).
std::string clause_tail(const std::string& before) {
  std::size_t clause = 0;
  for (const char* stop : {"，", "。", "；", "：", "！", "？", ",", ";", "\n"}) {
    const auto at = before.rfind(stop);
    if (at != std::string::npos) clause = std::max(clause, at + std::string(stop).size());
  }
  return before.substr(clause);
}

// ---- footnotes: ^[…] in a template -----------------------------------------------------------

// A template with its footnotes taken out: `text` has a marker (model::footnote_mark + index,
// counting from `first`) where each ^[…] was, `notes` each note's own template, in order.
struct FootnoteSplit {
  spec::TextTemplate text;
  std::vector<spec::TextTemplate> notes;
};

// Literal text being cut into pieces: each piece keeps its characters' own lines and columns.
struct Piece {
  std::u32string text;
  std::vector<std::pair<int, int>> chars;
  SourceLocation where;  // of its first character
};

class Splitter {
 public:
  Splitter(std::size_t first, core::DiagnosticList& problems)
      : first_(first), problems_(problems) {}

  void placeholder(const spec::TextSegment& s) {
    flush();
    target().segments.push_back(s);
  }

  void literal(const spec::TextSegment& s) {
    if (!(s.emphasis == emphasis_)) flush();  // a piece is of one emphasis, as its segment
    emphasis_ = s.emphasis;
    const std::u32string text = core::decode_utf8(s.text).value_or(U"");
    const bool located = s.chars.size() == text.size();
    for (std::size_t i = 0; i < text.size(); ++i) {
      const SourceLocation at =
          located ? SourceLocation{s.where.file, s.chars[i].first, s.chars[i].second} : s.where;
      const char32_t c = text[i];
      const bool opens = c == U'^' && i + 1 < text.size() && text[i + 1] == U'[';
      if (opens && depth_ > 0) {
        problems_.error(core::ExitCode::invalid_spec, at, core::say("a footnote inside a footnote"),
                        core::say("a footnote's text cannot carry a footnote of its own"));
      } else if (opens) {
        flush();
        depth_ = 1, open_ = at, note_ = spec::TextTemplate{};
        note_.where = at;
        ++i;
        continue;
      } else if (depth_ > 0 && c == U'[') {
        ++depth_;
      } else if (depth_ == 1 && c == U']') {
        close_note();
        continue;
      } else if (depth_ > 1 && c == U']') {
        --depth_;
      }
      add(c, at, located ? s.chars[i] : std::pair<int, int>{at.line, at.column});
    }
  }

  FootnoteSplit finish() {
    flush();
    if (depth_ > 0)
      problems_.error(
          core::ExitCode::invalid_spec, open_,
          core::say("this footnote ('^[') is never closed with ']'"),
          core::say(
              "a footnote is written ^[增速按可比价格计算。] right after the word it explains"));
    return std::move(out_);
  }

  void start(const spec::TextTemplate& t) { out_.text.where = t.where; }

 private:
  spec::TextTemplate& target() { return depth_ > 0 ? note_ : out_.text; }

  void add(char32_t c, const SourceLocation& at, std::pair<int, int> lc) {
    if (piece_.text.empty()) piece_.where = at;
    piece_.text.push_back(c);
    piece_.chars.push_back(lc);
  }

  void flush() {
    if (piece_.text.empty()) return;
    target().segments.push_back(
        spec::TextSegment{false, core::encode_utf8(piece_.text), piece_.where, piece_.chars});
    target().segments.back().emphasis = emphasis_;
    piece_ = Piece{};
  }

  // The note ends: its template is kept, and the text gets the note's marker where ^ stood.
  void close_note() {
    flush();
    if (note_.segments.empty())
      problems_.error(core::ExitCode::invalid_spec, open_, core::say("an empty footnote ('^[]')"),
                      core::say("write the note's text between ^[ and ]"));
    out_.notes.push_back(std::move(note_));
    depth_ = 0;
    add(footnote_mark + static_cast<char32_t>(first_ + out_.notes.size() - 1), open_,
        {open_.line, open_.column});
  }

  std::size_t first_;
  core::DiagnosticList& problems_;
  FootnoteSplit out_;
  spec::TextTemplate note_;
  Piece piece_;
  int depth_ = 0;  // brackets open inside the note (1: the note's own)
  SourceLocation open_;
  vocab::Emphasis emphasis_;  // of the literal being split
};

// An unclosed ^[, an empty one or one inside another is an error at its line and column.
// An unclosed ^[, an empty one or one inside another is an error at its line and column.
FootnoteSplit split_footnotes(const spec::TextTemplate& t, std::size_t first,
                              core::DiagnosticList& problems) {
  Splitter split(first, problems);
  split.start(t);
  for (const spec::TextSegment& s : t.segments)
    s.is_placeholder ? split.placeholder(s) : split.literal(s);
  return split.finish();
}

// Collects problems of both kinds so that one run reports all of them.
class Binder {
 public:
  Binder(const data::IndicatorSet& data, std::string entity)
      : data_(data), entity_(std::move(entity)) {}
  const std::string& entity() const { return entity_; }
  // The run's parameters (params.NAME in placeholders), resolved once for the whole document.
  void use_params(const spec::JobSpec& spec) { params_ = resolve_params(spec, data_, problems_); }
  const Params& params() const { return params_; }
  // The column where: this reads the entity from when a filter names none.
  void set_each_key(std::string column) { each_key_ = std::move(column); }

  // What a table's or a chart's filter (where: this, pivot) keeps of src for this report,
  // kept for the document's life; nullptr with the problem reported.
  const data::Table* view(const data::Table& src, const spec::EntityFilter& f) {
    auto v = entity_view(src, f, entity_, each_key_, src.name, problems_);
    if (!v) return nullptr;
    return &views_.emplace_back(std::move(*v));
  }

  // The template's text with placeholders filled, normalised as prose (with its ASCII marks in
  // Chinese context set full-width, unless the document turns that off), and where each of its
  // code points came from: a literal character's own line and column in the spec, a value's
  // data row.
  std::string fill(const spec::TextTemplate& t, core::Provenance& origin,
                   std::vector<vocab::Emphasis>* emphasis = nullptr) {
    return fill_text(t, origin, emphasis, normalize_punctuation_);
  }
  // Whether ASCII punctuation in Chinese context is set full-width (typography).
  void set_full_width_marks(bool on) { normalize_punctuation_ = on; }

  std::string fill_text(const spec::TextTemplate& t, core::Provenance& origin,
                        std::vector<vocab::Emphasis>* emphasis, bool marks) {
    std::string out;
    word_at_ = std::string::npos;
    // The emphasis of each code point, given when the next segment starts: its segment's; and
    // the placeholder each came from (-1: the template's own text).
    vocab::Emphasis last;
    std::vector<int> from;
    auto mark = [&](vocab::Emphasis next) {
      if (emphasis) emphasis->resize(origin.size(), last);
      last = next;
    };
    for (std::size_t si = 0; si < t.segments.size(); ++si) {
      const spec::TextSegment& s = t.segments[si];
      mark(s.emphasis);
      from.resize(origin.size(), -1);
      if (!s.is_placeholder) {
        if (has_braces(s.text))  // a lone }} or a {{ the template did not take as a placeholder
          error(ExitCode::invalid_spec, s.where,
                core::say("'{}' would print '{{{{' or '}}}}' literally", core::excerpt(s.text)),
                core::say("a placeholder is written {{{{ table.row.column }}}}; braces are no text "
                          "of a report"));
        if (figures_) written_figures(s);
        if (s.text.find("^[") != std::string::npos) refuse_footnote(s);
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
      auto e = evaluate(s.text, s.where, data_, problems_, entity_, &params_, row_);
      if (!e || !printable(*e, s) || !check_wording(out, *e, s)) continue;
      if (e->chose_word) word_at_ = out.size(), word_said_ = e->text;
      out += e->text;
      origin.push(
          core::count_code_points(e->text), e->value_where,
          core::say("in the value of {{{{ {} }}}} at {}", s.text, core::to_string(s.where)).str());
      from.resize(origin.size(), static_cast<int>(si));
      if (figures_) figures_->push_back(Figure{std::move(*e), s.where, s.text, {}});
    }
    mark({});
    from.resize(origin.size(), -1);
    std::vector<int>* placeholders =
        origin.size() == core::count_code_points(out) ? &from : nullptr;
    std::string text = normalize_prose(out, &origin, emphasis, placeholders);
    if (marks) text = full_width_marks(t, text, origin, emphasis, placeholders);
    if (emphasis && std::none_of(emphasis->begin(), emphasis->end(),
                                 [](const vocab::Emphasis& e) { return e.any(); }))
      emphasis->clear();
    return text;
  }

  // ASCII marks in Chinese context set full-width, each change a warning at the character (or
  // at the placeholder whose value held it).
  std::string full_width_marks(const spec::TextTemplate& t, const std::string& text,
                               core::Provenance& origin, std::vector<vocab::Emphasis>* emphasis,
                               const std::vector<int>* from) {
    const auto decoded = core::decode_utf8(text);
    if (!decoded) return text;
    const NormalizedPunctuation n = model::normalize_punctuation(*decoded);
    if (n.changes.empty()) return text;
    const bool located = origin.size() == decoded->size();
    if (located) origin.keep(n.kept);
    if (emphasis && emphasis->size() == decoded->size()) keep_flagged(*emphasis, n.kept);
    std::vector<int> placeholder = from ? *from : std::vector<int>{};
    if (placeholder.size() == decoded->size()) keep_flagged(placeholder, n.kept);
    for (const PunctuationChange& c : n.changes) {
      SourceLocation at = located ? origin.at(c.index) : t.where;
      const std::string ascii = core::encode_utf8(std::u32string(1, c.from));
      const std::string to = core::encode_utf8(std::u32string(1, c.to));
      core::Text message = core::say("ASCII '{}' in Chinese text is set as '{}'", ascii, to);
      if (c.index < placeholder.size() && placeholder[c.index] >= 0) {
        const auto& s = t.segments[static_cast<std::size_t>(placeholder[c.index])];
        at = s.where;
        message =
            core::say("ASCII '{}' in Chinese text in the value of {{{{ {} }}}} is set as '{}'",
                      ascii, s.text, to);
      }
      problems_.warning(at, message,
                        core::say("type the full-width mark, or keep ASCII marks as typed with "
                                  "typography: {{normalize_punctuation: false}}"));
    }
    return core::encode_utf8(n.text);
  }

  // A text that may carry footnotes (^[…]): each note is filled into the document's footnotes,
  // and the text keeps its marker where the note was written.
  std::string fill_noted(const spec::TextTemplate& t, core::Provenance& origin,
                         std::vector<vocab::Emphasis>* emphasis = nullptr) {
    auto writes_note = [](const spec::TextSegment& s) {
      return !s.is_placeholder && s.text.find("^[") != std::string::npos;
    };  // a text without one is filled as it is, its segments (and their places) unchanged
    if (!footnotes_ || std::none_of(t.segments.begin(), t.segments.end(), writes_note))
      return fill(t, origin, emphasis);
    FootnoteSplit split = split_footnotes(t, footnotes_->size(), problems_);
    for (const spec::TextTemplate& n : split.notes) {
      Footnote note{{}, n.where, {}};
      note.text = fill(n, note.origin);
      footnotes_->push_back(std::move(note));
    }
    return fill(split.text, origin, emphasis);
  }
  std::string fill_noted(const spec::TextTemplate& t) {
    core::Provenance ignored;
    return fill_noted(t, ignored);
  }
  // Where the footnotes of the texts filled go.
  void collect_footnotes(std::vector<Footnote>* notes) { footnotes_ = notes; }

  // A template filled as a plain text (a header, a unit): no prose origin kept.
  std::string fill(const spec::TextTemplate& t) {
    core::Provenance ignored;
    return fill_text(t, ignored, nullptr, false);
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
  // The list problems go to from now, and the one they went to (a block left out by its
  // when: keeps its problems apart, to drop those of missing data).
  core::DiagnosticList swap_problems(core::DiagnosticList with) {
    std::swap(problems_, with);
    return with;
  }
  const data::IndicatorSet& data() const { return data_; }
  // The row `row.COLUMN` names while a list over rows fills its items (nullptr: none).
  void bind_row(const RowBinding* row) { row_ = row; }
  void error(ExitCode code, SourceLocation where, const core::Text& message,
             const core::Text& hint = {}) {
    problems_.error(code, std::move(where), message, hint);
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
    if (!t) error(ExitCode::invalid_spec, where, core::say("unknown data '{}'", name));
    return t;
  }

  std::optional<std::size_t> column(const data::Table& t, const std::string& name,
                                    const SourceLocation& where) {
    auto c = t.column_index(name);
    if (!c) {
      std::string names;
      for (const auto& n : t.columns) names += (names.empty() ? "" : ", ") + n;
      error(ExitCode::invalid_spec, where, core::say("no column '{}' in '{}'", name, t.name),
            core::say("columns: {}", names));
    }
    return c;
  }

 private:
  const data::IndicatorSet& data_;
  std::string entity_;
  Params params_;
  std::string each_key_;
  std::deque<data::Table> views_;  // tables' and charts' own views (where: this, pivot)
  core::DiagnosticList problems_;  // 100 of each kind, and a count of the rest
  std::vector<Figure>* figures_ = nullptr;
  const RowBinding* row_ = nullptr;
  std::vector<Footnote>* footnotes_ = nullptr;

  // ^[…] where no footnote can be printed (a title, a chart's series, a note).
  void refuse_footnote(const spec::TextSegment& s) {
    const auto at = s.text.find("^[");
    const std::size_t n = core::count_code_points(s.text.substr(0, at));
    const SourceLocation where =
        n < s.chars.size() ? SourceLocation{s.where.file, s.chars[n].first, s.chars[n].second}
                           : s.where;
    error(ExitCode::invalid_spec, where, core::say("a footnote ('^[') cannot be printed here"),
          core::say("footnotes are set in paragraphs, headings, list items, quotations, table "
                    "captions and table headers"));
  }
  // Where in the text being filled a word(...) placeholder printed its word, and the word.
  std::size_t word_at_ = std::string::npos;
  bool normalize_punctuation_ = true;
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
            core::say("the value of {{{{ {} }}}} would print '{{{{' or '}}}}' literally: '{}'",
                      s.text, core::excerpt(e.text)),
            core::say("used at {}; data cells hold no placeholders", core::to_string(s.where)));
      return false;
    }
    if (const auto cp = control_character(e.text)) {
      error(ExitCode::data_error, e.value_where,
            core::say("the value of {{{{ {} }}}} holds the control character '{}' ({}), which "
                      "cannot be printed",
                      s.text, control_shown(*cp), core::code_point_name(*cp)),
            core::say("remove it from the data; used at {}", core::to_string(s.where)));
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
    auto refuse = [&](const core::Text& message, const core::Text& hint) {
      error(ExitCode::data_error, s.where, message, hint);
      return false;
    };
    if (signed_figure)
      return refuse(core::say("{{{{ {} }}}} is {} after '{}', which already says the direction: it "
                              "would print a second sign",
                              s.text, e.text, said),
                    core::say("print the magnitude with | abs, or let | change, | points, | pace "
                              "or word(...) choose the words"));
    if (e.abs_zero)
      return refuse(core::say("{{{{ {} }}}} is {} after '{}': a direction with no change to show",
                              s.text, e.text, said),
                    core::say("let | change, | points or | pace say 持平, or word(..., 持平) with "
                              "the magnitude's decimals"));
    if (sense != 0 && sense != e.dropped_sign)
      return refuse(
          e.dropped_sign > 0
              ? core::say("{{{{ {} }}}} is {} after '{}', but the figure is above zero: it would "
                          "print the wrong direction",
                          s.text, e.text, said)
              : core::say("{{{{ {} }}}} is {} after '{}', but the figure is below zero: it would "
                          "print the wrong direction",
                          s.text, e.text, said),
          core::say("let | change, | points, | pace or word(...) choose the words"));
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
      problems.error(
          ExitCode::invalid_spec, v.where,
          core::say("the view '{}' reads data '{}', which the spec does not have (before it)",
                    v.name, v.from));
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
              core::say("the caption is numbered {}{} but it is {}{} in order", l, written, l, n),
              core::say("leave the number out and jianbao numbers captions itself"));
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
              core::say("value '{}' in column '{}', a column of figures, is not a figure: {}",
                        core::excerpt(cell), src.columns[cols[k]], why),
              core::say("tabled at {}; fix the cell, or leave it empty to print —",
                        core::to_string({tb.columns[k].where.file, tb.columns[k].where.line, 0})));
    }
  }
}

std::vector<const data::Row*> named_rows(const std::vector<std::string>& named,
                                         const SourceLocation& where, Binder& b,
                                         const data::Table& src, const char* to_what);
std::optional<std::size_t> highlighted(const std::string& highlight, Binder& b,
                                       const std::vector<std::string>& keys,
                                       const SourceLocation& where, const char* what);

// A cell of a column with `decimals:` or `thousands:`: the exact figure rounded half away from
// zero (as the formatters round), grouped by thousands if asked. A cell that is no figure is an
// error at the cell: the column promises figures.
std::string table_figure(const data::Table& src, const data::Row& r, std::size_t col,
                         const spec::TableColumnSpec& spec, Binder& b) {
  const std::string cell(r.cells[col]);
  if (cell.empty()) return "—";
  if (!spec.decimals && !spec.thousands) return cell;
  const auto d = core::Decimal::parse(cell);
  if (!d) {
    b.error(ExitCode::data_error, src.cell_location(r, col),
            spec.decimals ? core::say("value '{}' in column '{}' is not a figure, and the table "
                                      "prints the column with {} decimals",
                                      core::excerpt(cell), src.columns[col], *spec.decimals)
                          : core::say("value '{}' in column '{}' is not a figure, and the table "
                                      "prints the column grouped by thousands",
                                      core::excerpt(cell), src.columns[col]),
            core::say("tabled at {}; fix the cell, or leave it empty to print —",
                      core::to_string({spec.where.file, spec.where.line, 0})));
    return cell;
  }
  const std::string digits =
      spec.decimals ? d->fixed(*spec.decimals) : d->fixed(core::decimals_of(cell));
  return spec.thousands ? detail::with_thousands(digits) : digits;
}

// A row's level: from the spec's `level:` column (0, 1, 2), else from its key's indentation.
int row_level(const spec::TableBlock& tb, const data::Table& src, const data::Row& r,
              std::optional<std::size_t> level_col, Binder& b) {
  if (!level_col) return r.level;
  const std::string_view cell = r.cells[*level_col];
  if (cell.size() == 1 && cell[0] >= '0' && cell[0] <= '3') return cell[0] - '0';
  b.error(
      ExitCode::data_error, src.cell_location(r, *level_col),
      core::say("value '{}' in column '{}' is not a row level: the table's levels are 0, 1, 2 or 3",
                core::excerpt(std::string(cell)), tb.level),
      core::say("0 for a total, 1 for a row under it (其中), 2 under that"));
  return 0;
}

// A key without the U+3000 that indent it.
std::string unindented(std::string key) {
  std::size_t i = 0;
  while (key.compare(i, 3, "\u3000") == 0) i += 3;
  return key.substr(i);
}

// The rows a table prints: all, or those `rows:` names, sorted by a column if asked (exactly,
// by the figures' decimals; a missing or non-figure cell last).
std::vector<const data::Row*> table_rows(const spec::TableBlock& tb, const data::Table& src,
                                         Binder& b) {
  auto rows = named_rows(tb.rows, tb.rows_where, b, src, "table");
  if (tb.sort_column.empty()) return rows;
  const auto col = b.column(src, tb.sort_column, tb.sort_where);
  if (!col) return rows;
  // Sorted, a 其中 row would leave the total it belongs under.
  std::optional<std::size_t> level_col;
  if (!tb.level.empty()) level_col = b.column(src, tb.level, tb.level_where);
  for (const data::Row* r : rows)
    if (const int level = row_level(tb, src, *r, level_col, b); level > 0) {
      b.error(
          ExitCode::invalid_spec, tb.sort_where,
          core::say(
              "'sort' would move the rows under a total away from it: row '{}' ({}) is of level {}",
              core::excerpt(unindented(std::string(r->cells[0]))),
              core::to_string(src.location(*r)), level),
          core::say("sort a table whose rows are all of one level, or leave 'sort' out and order "
                    "the rows in the data or with rows: [...]"));
      return rows;
    }
  const auto figure = [&](const data::Row* r) { return core::Decimal::parse(r->cells[*col]); };
  std::stable_sort(rows.begin(), rows.end(), [&](const data::Row* x, const data::Row* y) {
    const auto a = figure(x), c = figure(y);
    if (!a || !c) return a.has_value() && !c.has_value();
    return tb.sort_order == vocab::ChartSort::ascending ? *a < *c : *a > *c;
  });
  return rows;
}

// Each row's level. In a `level:` column a level may go one deeper than the row above it, never
// two (a 其中 row under no total is a mistake in the data); a key's own indentation is the
// data's way of writing it (often two U+3000 for one step) and is kept as written.
void table_levels(const spec::TableBlock& tb, const data::Table& src,
                  const std::vector<const data::Row*>& rows, Table& t, Binder& b) {
  std::optional<std::size_t> level_col;
  if (!tb.level.empty()) level_col = b.column(src, tb.level, tb.level_where);
  if (!tb.level.empty() && !level_col) return;
  int above = 0;
  for (const data::Row* r : rows) {
    const int level = row_level(tb, src, *r, level_col, b);
    if (level_col && level > above + 1)
      b.error(
          ExitCode::data_error, src.location(*r),
          core::say(
              "row '{}' is at level {} under a row at level {}: a level goes one deeper at a time",
              core::excerpt(std::string(r->cells[0])), level, above),
          core::say("a row at level {} stands under one at level {}", level, level - 1));
    t.levels.push_back(level);
    above = level;
  }
}

// A notes list filled: each template a note; `from_data` the data's own foot rows, each a note
// without the 注： and number it may start with, and its 资料来源 or 说明 rows after the note.
void fill_notes(const std::vector<spec::NoteSpec>& items, const data::Table* src, Binder& b,
                std::vector<Note>& notes, std::string& note, core::Provenance& note_origin) {
  for (const spec::NoteSpec& item : items) {
    if (!item.from_data) {
      Note n{{}, item.text.where, {}};
      n.text = b.fill(item.text, n.origin);
      if (!n.text.empty()) notes.push_back(std::move(n));
      continue;
    }
    if (!src) continue;
    for (const data::Footnote& f : src->footnotes) {
      const detail::DataNote d = detail::data_note(f.text);
      const SourceLocation at = src->at(f.line, 1 + static_cast<int>(d.dropped));
      if (d.text.empty()) continue;
      if (d.source) {
        note += d.text;
        note_origin.push(core::count_code_points(d.text), at);
      } else {
        notes.push_back(Note{d.text, at, {}});
        notes.back().origin.push(core::count_code_points(d.text), at);
      }
    }
  }
}

// The body's notes block: its notes (no data of its own, so no 资料来源 line either).
Notes build_notes(const spec::NotesBlock& nb, Binder& b, const SourceLocation& where) {
  Notes out{{}, where};
  std::string no_note;
  core::Provenance no_origin;
  fill_notes(nb.items, nullptr, b, out.items, no_note, no_origin);
  return out;
}

// `unit: 亿元，%` prints 单位：亿元，%; a unit written with its label (单位：%) keeps one.
std::string unit_line(const std::string& unit) {
  for (const std::string_view label : {"单位：", "单位:"})
    if (unit.starts_with(label))
      return "单位：" + std::string(core::trim(std::string_view(unit).substr(label.size())));
  return "单位：" + unit;
}

// A table without groups of its own prints those a workbook's merged header cells put over
// the data's columns, each over the table's columns that show all of its columns, in their
// order; a column's header that is its name qualified by the group (本月增长%) is printed as the
// sheet has it (增长%) under the group's label.
void data_groups(const data::Table& src, const std::vector<std::size_t>& cols,
                 const spec::TableBlock& tb, Table& t) {
  if (!tb.groups.empty()) return;
  for (const data::HeaderGroup& g : src.groups) {
    const auto at = std::find(cols.begin(), cols.end(), g.first);
    const std::size_t k = static_cast<std::size_t>(at - cols.begin()), n = g.end - g.first;
    if (at == cols.end() || k + n > cols.size()) continue;
    bool whole = true;
    for (std::size_t i = 0; i < n; ++i) whole = whole && cols[k + i] == g.first + i;
    if (!whole) continue;
    int depth = 0;
    for (const TableGroup& outer : t.groups) depth += outer.first <= k && k + n <= outer.end;
    t.groups.push_back({g.label, k, k + n, depth, tb.data_where});
    for (std::size_t i = k; i < k + n; ++i)
      if (t.header[i] == src.columns[cols[i]] && t.header[i].starts_with(g.label) &&
          t.header[i].size() > g.label.size())
        t.header[i].erase(0, g.label.size());
  }
}

Table build_table(const spec::TableBlock& tb, Binder& b, const SourceLocation& where) {
  Table t;
  t.where = where;
  t.caption = b.fill_noted(tb.caption, t.caption_origin);
  t.note = b.fill(tb.note, t.note_origin);
  if (!tb.unit.empty()) t.unit = unit_line(b.fill(tb.unit));
  t.grid = tb.grid;
  t.orientation = tb.orientation;
  for (const auto& g : tb.groups) {
    t.groups.push_back({b.fill(g.label), g.first, g.end, g.depth, g.where});
    if (g.first == g.end)
      b.error(ExitCode::invalid_spec, g.where,
              core::say("the header group '{}' names no column", t.groups.back().label),
              core::say(
                  "a group holds the columns it is written over: columns: [{{column: m_value}}]"));
  }
  const data::Table* src = b.table(tb.data, tb.data_where);
  if (src && !tb.filter.empty()) src = b.view(*src, tb.filter);
  std::vector<std::size_t> cols;
  for (const auto& c : tb.columns) {
    t.header.push_back(b.fill_noted(c.header));
    t.header_where.push_back(c.header.empty() ? c.where : c.header.where);
    t.align.push_back(c.align);
    if (!src) continue;
    if (auto i = b.column(*src, c.column, c.where)) cols.push_back(*i);
  }
  if (!src || cols.size() != tb.columns.size()) return t;
  data_groups(*src, cols, tb, t);
  refuse_non_figures(*src, cols, tb, b);
  const std::vector<const data::Row*> rows = table_rows(tb, *src, b);
  table_levels(tb, *src, rows, t, b);
  for (const data::Row* row : rows) {
    const data::Row& r = *row;
    std::vector<std::string> cells;
    for (std::size_t k = 0; k < cols.size(); ++k) {
      cells.emplace_back(table_figure(*src, r, cols[k], tb.columns[k], b));
      b.record_cell(*src, r, cols[k], tb.columns[k].where, "table", t.rows.size());
    }
    // A 其中 row keeps its indentation: one ideographic space per level (with `level:`, in
    // the first column).
    const int level = t.levels.size() > t.rows.size() ? t.levels[t.rows.size()] : r.level;
    for (std::size_t k = 0; k < cols.size(); ++k)
      if ((tb.level.empty() ? cols[k] == 0 : k == 0) && !r.cells[cols[k]].empty())
        for (int l = 0; l < level; ++l) cells[k].insert(0, "\u3000");
    t.rows.push_back(std::move(cells));
    t.row_where.push_back(src->location(r));
  }
  std::vector<std::string> keys;
  for (const data::Row* r : rows) keys.emplace_back(r->cells[0]);
  t.highlight = highlighted(tb.highlight, b, keys, where, "table");
  fill_notes(tb.notes, src, b, t.notes, t.note, t.note_origin);
  return t;
}

// The rows a table or chart shows: all of its table's, or those named (`this`: the report's
// entity), in the order named.
std::vector<const data::Row*> named_rows(const std::vector<std::string>& named,
                                         const SourceLocation& where, Binder& b,
                                         const data::Table& src, const char* to_what) {
  const bool chart = std::string_view(to_what) == "chart";
  std::vector<const data::Row*> rows;
  if (named.empty()) {
    for (const data::Row& r : src.rows) rows.push_back(&r);
    return rows;
  }
  if (src.key_columns.size() > 1) {  // each name would find the first of several rows
    b.error(ExitCode::invalid_spec, where,
            chart ? core::say("'{}' holds several rows for each '{}', so a chart's rows cannot be "
                              "named",
                              src.name, src.columns[0])
                  : core::say("'{}' holds several rows for each '{}', so a table's rows cannot be "
                              "named",
                              src.name, src.columns[0]),
            core::say("read it through a view of the report's own rows: where: this (and pivot:)"));
    return rows;
  }
  for (const auto& name : named) {
    const std::string& key = name == "this" && !b.entity().empty() ? b.entity() : name;
    const data::Row* r = src.find_row(key);
    if (!r)
      b.error(ExitCode::invalid_spec, where,
              chart ? core::say("no row '{}' in '{}' to chart", key, src.name)
                    : core::say("no row '{}' in '{}' to table", key, src.name));
    else
      rows.push_back(r);
  }
  return rows;
}

std::vector<const data::Row*> chart_rows(const spec::ChartBlock& cb, Binder& b,
                                         const data::Table& src) {
  return named_rows(cb.rows, cb.rows_where, b, src, "chart");
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
              core::say("value '{}' in column '{}' is not a number a chart can draw: {}",
                        core::excerpt(cell), spec.column, why),
              core::say("charted at {}:{}", spec.where.file, spec.where.line));
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

// Which of `keys` the spec's `highlight:` names (`this`: the report's entity).
std::optional<std::size_t> highlighted(const std::string& highlight, Binder& b,
                                       const std::vector<std::string>& keys,
                                       const SourceLocation& where, const char* what) {
  if (highlight.empty()) return std::nullopt;
  const std::string& key = highlight == "this" ? b.entity() : highlight;
  const auto at = std::find(keys.begin(), keys.end(), key);
  if (at != keys.end()) return static_cast<std::size_t>(at - keys.begin());
  b.error(ExitCode::data_error, where,
          std::string(what) == "chart"
              ? core::say("the chart highlights '{}', which is not one of its categories", key)
              : core::say("the table highlights '{}', which is not one of its rows", key));
  return std::nullopt;
}

void set_highlight(const spec::ChartBlock& cb, Binder& b, const std::vector<std::string>& keys,
                   Chart& c) {
  c.highlight = highlighted(cb.highlight, b, keys, c.where, "chart");
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
        b.error(
            ExitCode::data_error, c.where,
            vocab::is_pie(c.type)
                ? core::say("the chart's '{}' is {} for '{}': a pie cannot show a negative part",
                            s.name, s.labels[k], keys[k])
                : core::say("the chart's '{}' is {} for '{}': a stacked chart cannot show a "
                            "negative part",
                            s.name, s.labels[k], keys[k]),
            core::say("use type: bar or hbar"));
}

Chart build_chart(const spec::ChartBlock& cb, Binder& b, const SourceLocation& where) {
  Chart c;
  c.type = cb.type;
  c.where = where;
  c.style = cb.style;
  c.labels = cb.labels;
  c.caption = b.fill(cb.caption, c.caption_origin);
  c.note = b.fill(cb.note, c.note_origin);
  fill_notes(cb.notes, nullptr, b, c.notes, c.note, c.note_origin);
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
    b.error(ExitCode::data_error, src->at(1), core::say("'{}' has no rows to chart", src->name));
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

std::string normalize_prose(const std::string& text, core::Provenance* origin,
                            std::vector<vocab::Emphasis>* emphasis, std::vector<int>* tags) {
  const auto decoded = core::decode_utf8(text);
  if (!decoded) return text;  // the spec and data stages only pass valid UTF-8
  const std::u32string& s = *decoded;
  std::u32string out;
  std::vector<bool> kept(s.size(), false);
  std::size_t begin = 0, end = s.size();
  while (begin < end && is_edge_space(s[begin])) ++begin;
  while (end > begin && is_edge_space(s[end - 1])) --end;
  for (std::size_t i = begin; i < end; ++i) {
    if (!is_space(s[i])) {
      out.push_back(s[i]);
      kept[i] = true;
      continue;
    }
    std::size_t j = i;
    while (j < end && is_space(s[j])) ++j;
    const bool next_to_cjk = core::is_cjk_context(out.back()) || core::is_cjk_context(s[j]);
    if (!next_to_cjk) {
      out.push_back(U' ');
      kept[i] = true;
    }
    i = j - 1;
  }
  if (origin && origin->size() == s.size()) origin->keep(kept);
  if (emphasis && emphasis->size() == s.size()) keep_flagged(*emphasis, kept);
  if (tags && tags->size() == s.size()) keep_flagged(*tags, kept);
  return core::encode_utf8(out);
}

// The parts of a sum check against their total: a warning when they differ by more than the
// rounding of the published figures allows.
void run_sum_check(const spec::SumCheckSpec& check, const data::IndicatorSet& data, Binder& b,
                   std::vector<core::Diagnostic>& warnings) {
  core::Decimal sum;
  int decimals = 0;
  auto figure = [&](const std::string& ref) -> std::optional<core::Decimal> {
    const auto e = evaluate(ref, check.where, data, b.problems(), {}, &b.params());
    if (!e) return std::nullopt;
    const std::string& text = e->text;
    const auto v = data::parse_number(text) ? core::Decimal::parse(text) : std::nullopt;
    if (!v) {
      b.error(ExitCode::data_error, check.where,
              core::say("'{}' is '{}', not a number", ref, core::excerpt(text)));
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
    warnings.push_back(core::make_diagnostic(
        core::Severity::warning, check.where,
        core::say("the parts add up to {}, the total {} is {} (a difference of {}, beyond the "
                  "rounding of {})",
                  sum.fixed(decimals), check.total, total->fixed(decimals), gap.fixed(decimals),
                  tolerance.fixed(decimals + 1)),
        core::say("check the data; a revised total with first-published parts is a common cause")));
}

// The file name of an entity's report: each.output filled in (default: the entity), which must
// be a plain name ending in .pdf.
std::string name_report(const spec::JobSpec& spec, Binder& b, const std::string& entity) {
  const int before = b.problem_count();
  const std::string name = spec.each->output.empty() ? entity + ".pdf" : b.fill(spec.each->output);
  if (b.problem_count() != before) return name;  // what was wrong with its value is said
  const core::FileNameProblem problem = core::check_report_file_name(name);
  if (problem != core::FileNameProblem::none && !name.empty())
    b.error(
        ExitCode::data_error,
        spec.each->output.empty() ? spec.each->where : spec.each->output.where,
        problem == core::FileNameProblem::control_character
            ? core::say("the report for '{}' would be named '{}', not a file name ending in .pdf "
                        "(it holds a control character)",
                        entity, name)
            : core::say("the report for '{}' would be named '{}', not a file name ending in .pdf",
                        entity, name));
  return name;
}

std::string report_file_name(const spec::JobSpec& spec, const data::IndicatorSet& data,
                             const std::string& entity) {
  if (!spec.each || entity.empty()) return spec.meta.output_name;
  Binder b(data, entity);
  b.use_params(spec);
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
                   core::say("'each' names data '{}', which the spec does not have", each.data));
    return {};
  }
  std::size_t col = 0;
  if (!each.key.empty()) {
    const auto c = t->column_index(each.key);
    if (!c) {
      problems.error(ExitCode::invalid_spec, each.where,
                     core::say("'each' names the key column '{}', which '{}' does not have",
                               each.key, t->name));
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
                     core::say("a report's key is empty in '{}'", t->name));
    else if (!named.insert(key).second)
      problems.error(ExitCode::data_error, t->location(r),
                     core::say("two reports would be named '{}'", key));
    else
      out.emplace_back(key);
  }
  if (out.empty() && !problems.has_errors())
    problems.error(ExitCode::data_error, t->at(1),
                   core::say("'{}' has no rows: there is no report to make", t->name));
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
            core::say("'copy_number' (份号) must be six digits, and here it is '{}'", n),
            core::say("GB/T 9704 7.2.1: 份号 is written with six Arabic digits, e.g. 000123"));
  return out;
}

// Every template refuses braces as it is filled (Binder::fill); what tables and charts print
// straight from the data is checked here, at its row.
void refuse_placeholder_marks(const Document& doc, Binder& b) {
  auto check = [&](const std::string& text, const SourceLocation& where, bool chart) {
    if (const auto cp = control_character(text))
      b.error(ExitCode::data_error, where,
              chart ? core::say("a chart category holds the control character '{}' ({}), which "
                                "cannot be printed",
                                control_shown(*cp), core::code_point_name(*cp))
                    : core::say("a table cell holds the control character '{}' ({}), which "
                                "cannot be printed",
                                control_shown(*cp), core::code_point_name(*cp)),
              core::say("remove it from the data"));
    if (!has_braces(text)) return;
    b.error(ExitCode::data_error, where,
            chart ? core::say("a chart category would print '{{{{' or '}}}}' literally: '{}'",
                              core::excerpt(text))
                  : core::say("a table cell would print '{{{{' or '}}}}' literally: '{}'",
                              core::excerpt(text)),
            core::say("data cells hold no placeholders"));
  };
  for (const auto& block : doc.blocks)
    if (const auto* t = std::get_if<Table>(&block))
      for (std::size_t r = 0; r < t->rows.size(); ++r)
        for (const auto& cell : t->rows[r]) check(cell, t->row_where[r], false);
  for (const auto& c : doc.charts)
    for (const auto& cat : c.categories) check(cat, c.where, true);
}

// ---- conditions and lists over rows -------------------------------------------------------

// A block with `when:`, for the time it is built. When the condition is false the block is
// built all the same, so that its names, columns and formatters are checked (every branch is),
// and then taken out again: its blocks, charts, figures and numbers (headings and captions are
// numbered among the printed blocks only), and its problems but those the data decides.
class LeftOut {
 public:
  LeftOut(const spec::Block& block, Binder& b, Document& doc, std::size_t& labelled,
          int (&numbers)[4], int& figures, int& tables)
      : b_(b),
        doc_(doc),
        labelled_(labelled),
        numbers_(numbers),
        figures_(figures),
        tables_(tables) {
    if (block.when.empty()) return;
    const auto keep = evaluate_condition(block.when, block.when_where, b.data(), b.problems(),
                                         b.entity(), nullptr, true, &b.params());
    if (!keep || *keep) return;  // a condition that failed: the block is built and its errors said
    left_out_ = true;
    blocks_ = doc.blocks.size(), charts_ = doc.charts.size(), figure_count_ = doc.figures.size();
    saved_labelled_ = labelled;
    std::copy(numbers, numbers + 4, saved_numbers_);
    saved_figures_ = figures, saved_tables_ = tables;
    outer_ = b.swap_problems(core::DiagnosticList{});
  }
  LeftOut(const LeftOut&) = delete;
  LeftOut& operator=(const LeftOut&) = delete;
  ~LeftOut() {
    if (!left_out_) return;
    doc_.blocks.erase(doc_.blocks.begin() + static_cast<std::ptrdiff_t>(blocks_),
                      doc_.blocks.end());
    doc_.charts.erase(doc_.charts.begin() + static_cast<std::ptrdiff_t>(charts_),
                      doc_.charts.end());
    doc_.figures.erase(doc_.figures.begin() + static_cast<std::ptrdiff_t>(figure_count_),
                       doc_.figures.end());
    labelled_ = saved_labelled_;
    std::copy(saved_numbers_, saved_numbers_ + 4, numbers_);
    figures_ = saved_figures_, tables_ = saved_tables_;
    const core::DiagnosticList own = b_.swap_problems(std::move(outer_));
    for (const core::Diagnostic& d : own.all())
      if (d.severity == core::Severity::warning || !decided_by_data(d)) b_.problems().add(d);
  }

 private:
  Binder& b_;
  Document& doc_;
  std::size_t& labelled_;
  int (&numbers_)[4];
  int &figures_, &tables_;
  bool left_out_ = false;
  std::size_t blocks_ = 0, charts_ = 0, figure_count_ = 0, saved_labelled_ = 0;
  int saved_numbers_[4] = {0, 0, 0, 0};
  int saved_figures_ = 0, saved_tables_ = 0;
  core::DiagnosticList outer_;
};

// A list over rows: one item per row the loop selects, its placeholders filled with `row`
// bound to that row.
List list_over_rows(const spec::ListBlock& l, Binder& b) {
  List out;
  const spec::RowLoop& loop = *l.loop;
  const RowSelection selection{loop.data, loop.data_where, loop.where,      loop.where_where,
                               loop.sort, loop.sort_where, loop.descending, loop.top};
  const auto rows = select_rows(selection, b.data(), b.problems(), b.entity(), &b.params());
  if (!rows) return out;
  const data::Table* table = b.data().find(l.loop->data);
  for (const data::Row* r : *rows) {
    const RowBinding row{table, r};
    b.bind_row(&row);
    Paragraph led{"——", l.item.where, {}};
    led.origin.push(2, l.item.where);
    core::Provenance text_origin;
    led.text += b.fill(l.item, text_origin);
    led.origin.append(text_origin);
    out.items.push_back(std::move(led));
    b.bind_row(nullptr);
  }
  return out;
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

// date: "{{ params.date }}": the template filled, read as YYYY-MM-DD.
void date_from_template(const spec::DocumentMeta& meta, Binder& b, Document& doc) {
  const int errors = b.problems().error_count();
  const std::string text = b.fill(meta.date_template);
  if (b.problems().error_count() != errors) return;
  if (!spec::parse_date(text, doc.year, doc.month, doc.day))
    b.error(
        ExitCode::invalid_spec, meta.date_where,
        core::say("'date' is '{}' once filled, not a date written YYYY-MM-DD", core::excerpt(text)),
        core::say("a date parameter gives one: params: {{date: {{type: date}}}}, date: \"{{{{ "
                  "params.date }}}}\""));
}

// A matter field filled from its template (a burst fills it per report). One without a
// placeholder prints as written: its full-width spaces are meant (内部资料　注意保存).
Field fill_field(const spec::Field& f, Binder& b) {
  if (f.source.empty()) return Field{f.text, f.where};
  std::string filled = b.fill(f.source);
  const bool literal = std::none_of(f.source.segments.begin(), f.source.segments.end(),
                                    [](const spec::TextSegment& s) { return s.is_placeholder; });
  return Field{literal ? f.text : std::move(filled), f.where};
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The 报头 and 报尾 of preset jianbao: every field filled; the 份号 and the number of copies that
// the data fills are checked as the spec's own are.
Masthead masthead_of(const spec::MastheadSpec& m, const Document& doc, Binder& b) {
  Masthead out;
  out.name = fill_field(m.name, b);
  out.issue = fill_field(m.issue, b);
  out.editor = m.editor.empty() ? Field{doc.issuer, doc.issuer_where} : fill_field(m.editor, b);
  out.classification = fill_field(m.classification, b);
  const int before = b.problem_count();  // a value that failed to fill is reported once
  out.copy_number = fill_field(m.copy_number, b);
  const bool copy_filled = b.problem_count() == before;
  out.report = fill_field(m.report, b);
  out.send = fill_field(m.send, b);
  out.issue_to = fill_field(m.issue_to, b);
  const int before_copies = b.problem_count();
  out.copies = fill_field(m.copies, b);
  const bool copies_filled = b.problem_count() == before_copies;
  out.name_size_pt = m.name_size_pt;
  out.double_rule = m.double_rule;
  const bool own_date = m.year != 0;
  out.date_text = own_date ? std::to_string(m.year) + "年" + std::to_string(m.month) + "月" +
                                 std::to_string(m.day) + "日"
                           : doc.date_text;
  if (own_date) b.generated(out.date_text, "masthead.date", m.where);
  if (copy_filled && !m.copy_number.source.empty() && !all_digits(out.copy_number.text))
    b.error(ExitCode::data_error, m.copy_number.where,
            core::say("'copy_number' (份号) must be digits, and here it is '{}'",
                      core::excerpt(out.copy_number.text)),
            core::say("the copy's number, printed at the top right of the masthead, e.g. 000123"));
  if (copies_filled && !m.copies.source.empty() &&
      (!all_digits(out.copies.text) || out.copies.text[0] == '0'))
    b.error(ExitCode::data_error, m.copies.where,
            core::say("'copies' must be the number of copies printed, and here it is '{}'",
                      core::excerpt(out.copies.text)),
            core::say("it is printed as （共印50份） at the end of the 报尾"));
  return out;
}

// A list: its items (or one per row of a list over rows), each a paragraph led by a plain ——.
List build_list(const spec::ListBlock& l, Binder& b) {
  List out = l.loop ? list_over_rows(l, b) : List{};
  for (const auto& item : l.items) {
    Paragraph led{"——", item.where, {}};
    led.origin.push(2, item.where);
    core::Provenance text_origin;
    std::vector<vocab::Emphasis> text_emphasis;
    led.text += b.fill_noted(item, text_origin, &text_emphasis);
    led.origin.append(text_origin);
    if (!text_emphasis.empty()) {
      led.emphasis.assign(2, {});
      led.emphasis.insert(led.emphasis.end(), text_emphasis.begin(), text_emphasis.end());
    }
    out.items.push_back(std::move(led));
  }
  return out;
}

Watermark watermark_of(const spec::WatermarkSpec& w, Binder& b) {
  return Watermark{fill_field(w.text, b), w.angle_deg, w.gray, w.size_pt};
}

// A quotation and its source (the attribution), each filled as prose.
Quote build_quote(const spec::QuoteBlock& q, Binder& b, const SourceLocation& where) {
  Quote out{Paragraph{{}, where, {}}, Paragraph{}};
  out.text.text = b.fill_noted(q.text, out.text.origin, &out.text.emphasis);
  if (!q.source.empty()) {
    out.source.where = q.source.where;
    out.source.text = b.fill(q.source, out.source.origin);
  }
  return out;
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
  b.use_params(spec);
  b.set_full_width_marks(spec.typography.normalize_punctuation);
  b.problems().add(view_problems);
  b.set_each_key(each_key_column(spec, given));
  Document doc;
  b.collect(&doc.figures);
  b.collect_footnotes(&doc.footnotes);
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
  if (!spec.meta.date_template.empty()) date_from_template(spec.meta, b, doc);
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
  if (doc.preset == vocab::Preset::jianbao) doc.masthead = masthead_of(spec.masthead, doc, b);
  label("masthead", Figure::npos);
  doc.watermark = watermark_of(spec.watermark, b);
  label("watermark", Figure::npos);

  int numbers[4] = {0, 0, 0, 0};  // the current number at each heading level
  int figures = 0, tables = 0;
  for (const spec::Block& block : spec.blocks) {
    const LeftOut left_out(block, b, doc, labelled, numbers, figures, tables);
    if (const auto* h = std::get_if<spec::HeadingBlock>(&block.content)) {
      Heading out{h->level, {}, {}, h->landscape, block.where, {}};
      out.text = b.fill_noted(h->text, out.origin);
      const int n = ++numbers[h->level - 1];
      for (int k = h->level; k < 4; ++k) numbers[k] = 0;
      if (h->numbered) out.number = heading_number(h->level, n);
      if (h->level >= 3 && h->numbered)
        b.generated(std::to_string(n), "(numbered by jianbao)", block.where);
      doc.blocks.push_back(std::move(out));
    } else if (const auto* p = std::get_if<spec::ParagraphBlock>(&block.content)) {
      Paragraph out{{}, block.where, {}};
      out.text = b.fill_noted(p->text, out.origin, &out.emphasis);
      doc.blocks.push_back(std::move(out));
    } else if (const auto* l = std::get_if<spec::ListBlock>(&block.content)) {
      doc.blocks.push_back(build_list(*l, b));
    } else if (const auto* q = std::get_if<spec::QuoteBlock>(&block.content)) {
      doc.blocks.push_back(build_quote(*q, b, block.where));
    } else if (const auto* t = std::get_if<spec::TableBlock>(&block.content)) {
      Table table = build_table(*t, b, block.where);
      number_caption(table.caption, table.caption_origin, "表", ++tables, block.where, b);
      if (!table.caption.empty()) table.caption_number = tables;  // for 续表N
      table.floating = t->floating.value_or(!table.caption.empty());
      doc.blocks.push_back(std::move(table));
    } else if (const auto* c = std::get_if<spec::ChartBlock>(&block.content)) {
      doc.charts.push_back(build_chart(*c, b, block.where));
      number_caption(doc.charts.back().caption, doc.charts.back().caption_origin, "图", ++figures,
                     block.where, b);
      if (!doc.charts.back().caption.empty()) doc.charts.back().caption_number = figures;
      doc.charts.back().floating = c->floating;
      doc.blocks.push_back(ChartRef{doc.charts.size() - 1});
    } else if (const auto* n = std::get_if<spec::NotesBlock>(&block.content)) {
      doc.blocks.push_back(build_notes(*n, b, block.where));
    } else {
      doc.blocks.push_back(PageBreak{});
    }
    static constexpr const char* kinds[] = {"heading", "paragraph", "list",       "quote",
                                            "table",   "chart",     "page_break", "notes"};
    label(kinds[block.content.index()], doc.blocks.size() - 1);
  }
  for (const auto& check : spec.checks) run_sum_check(check, data, b, doc.warnings);
  refuse_placeholder_marks(doc, b);
  b.throw_if_errors();
  for (core::Diagnostic& w : b.problems().warnings()) doc.warnings.push_back(std::move(w));
  return doc;
}

}  // namespace jb::model
