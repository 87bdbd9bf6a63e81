// model: the report's content with every figure bound to data; no positions yet.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/provenance.hpp"
#include "model/expression.hpp"
#include "vocab/chart_kind.hpp"
#include "vocab/font_role.hpp"
#include "vocab/options.hpp"

namespace jb::model {

using core::SourceLocation;

struct Heading {
  int level = 1;       // 1 to 4
  std::string number;  // "一、", "（二）", "3.", "（4）", or empty
  std::string text;
  bool landscape = false;  // its section (up to the next heading of its level) on landscape pages
  SourceLocation where;
  core::Provenance origin;  // of each code point of `text`
};

struct Paragraph {
  std::string text;  // placeholders filled, whitespace between CJK characters removed
  SourceLocation where;
  core::Provenance origin;
  // The emphasis (**bold**, ~~kai~~) of each code point of `text`; empty when it has none.
  std::vector<vocab::Emphasis> emphasis = {};
};

// A header group: its label centred over the columns [first, end), `depth` rows from the top.
struct TableGroup {
  std::string label;
  std::size_t first = 0, end = 0;
  int depth = 0;
  SourceLocation where;
};

// One note of a notes list (注：1.… 2.…) as printed, without its number: the layout numbers
// them when there are two or more.
struct Note {
  std::string text;
  SourceLocation where;
  core::Provenance origin;
};

// A footnote (^[…] in the spec): printed at the foot of the page that sets its marker. The text
// carrying it holds the code point footnote_mark + its index in Document::footnotes there.
struct Footnote {
  std::string text;
  SourceLocation where;  // its ^[
  core::Provenance origin;
};
inline constexpr char32_t footnote_mark = 0xF0000;  // Supplementary Private Use Area-A
inline bool is_footnote_mark(char32_t c) {
  return c >= footnote_mark && c < footnote_mark + 0xFFFE;
}

struct Table {
  std::string caption;
  std::string note;
  core::Provenance caption_origin, note_origin;
  std::vector<std::string> header;
  std::vector<SourceLocation> header_where;  // each column's header text in the spec
  std::vector<vocab::Align> align;
  std::vector<std::vector<std::string>> rows;  // a missing value is "—"
  std::vector<SourceLocation> row_where;       // the data row of each row
  SourceLocation where;
  std::vector<TableGroup> groups;  // header groups, outer first (none: one header row)
  std::string unit;                // 单位：… above the table, right-aligned (empty: none)
  std::vector<int> levels;         // each row's level (0: a total, 1: 其中, …)
  std::optional<std::size_t> highlight;  // a row set in bold
  bool grid = false;                     // vertical rules between the columns
  int caption_number = 0;                // N of 表N: 续表N over the header on the next pages
  std::vector<Note> notes;               // 注：1.… 2.…, printed before `note`
  vocab::Orientation orientation = vocab::Orientation::automatic;
  // A float: when its first part does not fit on the rest of the page, the text after it fills
  // the page and it goes to the top of the next (layout/floats.cpp). False: it starts that page.
  bool floating = false;
};

struct ChartSeries {
  std::string name;
  std::string unit;
  vocab::Axis axis = vocab::Axis::left;
  std::vector<std::optional<double>> values;  // nullopt: missing, drawn as a gap
  std::vector<std::string> labels;            // each value as the data publishes it ("3026.55")
  std::vector<bool> revised;                  // a revised value, marked ＊ (empty: none)
};

struct Chart {
  vocab::ChartType type = vocab::ChartType::bar;
  std::string caption;
  std::string note;
  core::Provenance caption_origin, note_origin;
  std::vector<std::string> categories;  // axis labels; may hold '\n'
  std::vector<bool> partial;            // a partial period (e.g. 前三季度), drawn distinct
  std::string partial_label;            // legend text for partial periods
  std::vector<ChartSeries> series;
  double height_pt = 240.0;
  vocab::ChartStyle style = vocab::ChartStyle::color;
  bool labels = true;                    // data labels
  std::optional<std::size_t> highlight;  // the category set apart (drawn dark, its name bold)
  SourceLocation where;
  std::vector<Note> notes;  // 注：1.… 2.…, printed before `note`
  int caption_number = 0;   // N of 图N (0: no caption), which the prose refers to it by
  bool floating = false;    // as a table's
};

struct ChartRef {
  std::size_t index = 0;  // into Document::charts
};

// Items of a list, each a paragraph led by "——".
struct List {
  std::vector<Paragraph> items;
};

// A block quotation (kai, indented on both sides).
struct Quote {
  Paragraph text;
  Paragraph source;  // its attribution (without the ——), or empty
};

struct PageBreak {};

// A notes block of the body (数据说明): 注：1.… 2.…
struct Notes {
  std::vector<Note> items;
  SourceLocation where;
};

using Block = std::variant<Heading, Paragraph, List, Quote, Table, ChartRef, PageBreak, Notes>;

struct FontFace {
  vocab::FontRole role = vocab::FontRole::song;
  std::filesystem::path file;
  int face_index = 0;
  std::vector<vocab::FontRole> fallback;  // the chain after this font
  SourceLocation where;
};

struct PageGeometry {
  double width_pt = 0, height_pt = 0;
  double margin_top_pt = 0, margin_bottom_pt = 0, margin_left_pt = 0, margin_right_pt = 0;
};

// A field of the official document's matter, as printed: its text (placeholders filled) and
// where the spec wrote it.
struct Field {
  std::string text;
  SourceLocation where;
  bool empty() const { return text.empty(); }
};

// The official document's front and back matter (preset gbt9704), as it will be printed.
struct Official {
  Field copy_number, secrecy, urgency, issuer_mark, doc_number, recipients, signature, cc, printer;
  std::vector<Field> attachments;
  std::string print_date_text;  // 2026年1月12日 (no leading zeros)
};

// The 报头 and 报尾 of preset jianbao, as they will be printed (placeholders filled).
struct Masthead {
  Field name, issue, editor, classification, copy_number;
  std::string date_text;  // 2025年11月20日: the masthead's own date, or the document's
  double name_size_pt = 48.0;
  bool double_rule = false;
  Field report, send, issue_to, copies;  // 报：… 送：… 发：… （共印N份）
};

// Printed large, light and rotated behind the text of every page (征求意见稿); empty: none.
struct Watermark {
  Field text;
  double angle_deg = 45.0, gray = 0.85, size_pt = 60.0;
};

// One figure the document prints from the data: the audit trail of a placeholder's value, a
// table's cell or a chart's label.
struct Figure {
  Evaluation value;        // the printed text, its formula, formatters and data cells
  SourceLocation where;    // the placeholder, the table's column or the chart's series in the spec
  std::string expression;  // the placeholder as written, or empty
  std::string block;       // paragraph, heading, list, quote, table, chart, title, header, …
  std::size_t block_index = npos;  // into Document::blocks (npos: front or back matter)
  std::size_t row = npos;          // a table's row
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
};

struct Document {
  std::string title;
  std::string subtitle;
  std::string issuer;
  std::string date_text;  // 2025年11月20日
  SourceLocation title_where, subtitle_where, issuer_where;
  core::Provenance title_origin, subtitle_origin;
  int year = 0, month = 0, day = 0;
  std::string output_name;
  std::string running_header;  // briefing: printed above pages 2 onwards; may be empty
  std::string mark;            // printed at the top of every page (示例数据); may be empty
  SourceLocation running_header_where, mark_where;  // the issuer's when it is the header
  std::string entity;  // the row this report is made for (each:), or empty
  vocab::Preset preset = vocab::Preset::briefing;
  vocab::TypographySpec typography;
  Official official;
  Masthead masthead;    // preset jianbao
  Watermark watermark;  // any preset
  PageGeometry page;
  std::vector<FontFace> fonts;  // one per role
  vocab::StyleSpec style;
  std::vector<Block> blocks;
  std::vector<Chart> charts;
  std::vector<core::Diagnostic> warnings;  // e.g. parts that do not add up to their total
  std::vector<Figure> figures;             // every figure printed from the data, in order
  std::vector<Footnote> footnotes;         // in the order their markers are written
};

}  // namespace jb::model
