// spec: the typed, validated form of a YAML report spec. Every item keeps its source location
// so that later stages can blame the exact line and column.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/diagnostic.hpp"
#include "vocab/chart_kind.hpp"
#include "vocab/entity_filter.hpp"
#include "vocab/font_role.hpp"
#include "vocab/options.hpp"

namespace jb::spec {

using core::SourceLocation;
// The words the spec shares with every later stage (src/vocab), under the spec's names too.
using vocab::Align;
using vocab::all_font_roles;
using vocab::Axis;
using vocab::BoldFace;
using vocab::BoldSpec;
using vocab::ChartSort;
using vocab::ChartStyle;
using vocab::ChartType;
using vocab::default_fallback;
using vocab::EntityFilter;
using vocab::font_role_from_name;
using vocab::font_role_name;
using vocab::FontRole;
using vocab::Orientation;
using vocab::PivotSpec;
using vocab::Preset;
using vocab::StyleSpec;
using vocab::TypographySpec;

// A piece of prose: literal text and `{{ expression }}` placeholders, each with its location.
struct TextSegment {
  bool is_placeholder = false;
  std::string text;  // literal text, or the placeholder's expression with blanks trimmed
  SourceLocation where;
  // Literal text: the line and column in where.file of each code point of `text` (white space
  // that folding made gets its neighbour's), so that a problem with one character is reported
  // at that character.
  std::vector<std::pair<int, int>> chars;
  vocab::Emphasis emphasis = {};  // **bold**, ~~kai~~ (prose only): the span it lies in
};

struct TextTemplate {
  std::vector<TextSegment> segments;
  SourceLocation where;
  bool empty() const { return segments.empty(); }
};

struct DocumentMeta {
  TextTemplate title;
  TextTemplate subtitle;
  TextTemplate issuer;
  SourceLocation issuer_where;
  int year = 0, month = 0, day = 0;  // the report date; also the PDF's creation date
  SourceLocation date_where;
  std::string output_name;      // file name of the PDF, default: spec file stem + ".pdf"
  TextTemplate running_header;  // briefing: the header of pages 2 onwards (default: issuer)
  TextTemplate mark;            // printed at the top of every page, e.g. 示例数据
  // date: "{{ params.date }}": a template the model fills and reads as YYYY-MM-DD (year,
  // month and day are then 0 here).
  TextTemplate date_template;
};

// YYYY-MM-DD, a day of the calendar: how every date of a spec is written (read_document.cpp).
bool parse_date(const std::string& s, int& year, int& month, int& day);

struct PageSpec {
  double width_mm = 210.0;  // A4
  double height_mm = 297.0;
  double margin_top_mm = 30.0;
  double margin_bottom_mm = 30.0;
  double margin_left_mm = 28.0;
  double margin_right_mm = 28.0;
};

struct FontSpec {
  FontRole role = FontRole::song;
  std::filesystem::path file;      // resolved: project fonts/ folder or relative to the spec
  int face_index = 0;              // face inside a .ttc collection
  std::vector<FontRole> fallback;  // the chain after this font; default_fallback(role)
  SourceLocation where;
};

// A text item of the spec with its location (official-document fields): `text` as written,
// and as a template; the model fills the template into `text`.
struct Field {
  std::string text;
  SourceLocation where;
  TextTemplate source;
  bool empty() const { return text.empty(); }
};

// The front and back matter of an official document (GB/T 9704 §7): used by preset gbt9704.
struct OfficialSpec {
  Field copy_number;               // 份号, six digits
  Field secrecy;                   // 密级★保密期限, e.g. 秘密★1年
  Field urgency;                   // 紧急程度: 特急, 加急
  Field issuer_mark;               // 发文机关标志, e.g. 宁波市统计局文件 (red)
  Field doc_number;                // 发文字号, e.g. 甬统〔2026〕3号
  Field recipients;                // 主送机关
  std::vector<Field> attachments;  // 附件说明, one name per attachment
  Field signature;                 // 发文机关署名
  Field cc;                        // 抄送机关
  Field printer;                   // 印发机关
  int print_year = 0, print_month = 0, print_day = 0;  // 印发日期 (default: the document date)
};

// The 报头 and 报尾 of a 统计简报 (preset jianbao). Every text is a template.
struct MastheadSpec {
  Field name;            // the publication's name, e.g. 统计简报 (red, large, centred)
  Field issue;           // 期号, e.g. 2025年第9期（总第123期）
  Field editor;          // 编印单位, flush left (default: document.issuer)
  Field classification;  // top left, e.g. 内部资料　注意保存
  Field copy_number;     // 份号, top right: digits
  int year = 0, month = 0, day = 0;  // the date flush right (default: the document date)
  double name_size_pt = 48.0;
  bool double_rule = false;      // the red rule: one (1.5 pt), or thick over thin
  Field report, send, issue_to;  // 报尾: 报：… 送：… 发：…
  Field copies;                  // 报尾: （共印N份）
  SourceLocation where;          // the section; empty file: none written
};

// A text printed large, light and rotated behind every page's text, e.g. 征求意见稿.
struct WatermarkSpec {
  Field text;
  double angle_deg = 45.0;
  double gray = 0.85;  // 0 black, 1 white
  double size_pt = 60.0;
};

// How a CSV file is encoded: detect (UTF-8 when valid, else GB18030), or declared.
enum class Encoding { detect, utf8, gb18030 };

struct InlineCell {
  std::string text;
  SourceLocation where;
};

// A data table: a CSV file, or rows written in the spec itself.
enum class Database { none, sqlite, postgres };

struct DataSourceSpec {
  std::string name;
  std::filesystem::path file;  // empty for an inline table
  SourceLocation where;
  Encoding encoding = Encoding::detect;
  std::vector<std::string> columns;           // inline: the header
  std::vector<std::vector<InlineCell>> rows;  // inline: the rows, each cell located
  // First-published and revised figures: column -> the column holding its revision. With
  // use_revised, a revised value (where given) replaces the first-published one.
  std::vector<std::pair<std::string, std::string>> revised;
  // `revised: rows`: a key repeated in a later row is a revision of the first row (else an
  // error). use_revised takes the revision's figures.
  bool revised_rows = false;
  bool use_revised = false;
  int header_row = 0;  // 1-based line of the header in the file; 0: found (below title rows)
  SourceLocation header_row_where;
  // `key: [district, period]`: a long table, whose rows are unique on these columns together
  // (empty: on the first column).
  std::vector<std::string> key;
  SourceLocation key_where;
  // `from: gdp_long`: a view of another source for each report (filter), read from no file.
  std::string from;
  EntityFilter filter;
  // `file: "districts/{{ this }}/gdp.csv"`: each report reads its own file, `file` holding the
  // path as written; spec::entity_file gives one report's.
  bool per_entity = false;
  // `file: "{{ params.period }}/主要指标.csv"`: the path names a parameter, filled in once the
  // run's --set values are known (model::fill_param_paths), before any data is read.
  bool names_params = false;
  // A workbook (`file:` ending .xlsx, .xlsm or .xls): the sheet read (empty: the first) and
  // its cells (`range: A3:H40`; empty: every used cell).
  std::string sheet;
  SourceLocation sheet_where;
  std::string range;
  SourceLocation range_where;
  // A query: `sqlite: indicators.db` (the database's path in `file`) or `postgres: "service=
  // stats"` (libpq's connection string, in `connection`), and the query whose result is the
  // table.
  Database database = Database::none;
  std::string connection;
  std::string connection_env;  // `postgres: {env: VAR}`: the connection string is VAR's
  SourceLocation connection_where;
  std::string query;
  SourceLocation query_where;
  int timeout_seconds = 30;  // `timeout:` the longest a query may take
  // The run's parameters a query may bind (:period), each with its value for this run (filled
  // in before any data is read, model::fill_param_paths); those whose value comes from the
  // data (latest:) are in `late_params`, and binding one is an error.
  std::vector<std::pair<std::string, std::string>> query_params;
  std::vector<std::string> late_params;
  bool is_view() const { return !from.empty(); }
  bool is_query() const { return database != Database::none; }
  bool is_inline() const { return file.empty() && !is_query(); }  // also a view
};

struct HeadingBlock {
  int level = 1;           // 1: 一、  2: （一）  3: 1.  4: （1）
  bool numbered = true;    // automatic numbering; false: the text carries its own
  bool landscape = false;  // `orientation: landscape`: its section is set on landscape pages
  TextTemplate text;
};

struct ParagraphBlock {
  TextTemplate text;
};

// One item of a `notes:` list (注：1.… 2.…): a template, or `from_data`: the data table's own
// 注 rows at that place.
struct NoteSpec {
  TextTemplate text;
  bool from_data = false;
};

struct TableColumnSpec {
  TextTemplate header;  // default: the column's name
  std::string column;   // CSV column name
  Align align = Align::left;
  SourceLocation where;
  std::optional<int> decimals;  // `decimals: n`: figures printed with n decimals
  bool thousands = false;       // `thousands: true`: 1,234,567.8
  SourceLocation decimals_where;
};

// A header group: a label over the columns [first, end) of the table (nested up to 3 deep).
struct TableGroupSpec {
  TextTemplate label;
  std::size_t first = 0, end = 0;
  int depth = 0;  // 0: the top header row
  SourceLocation where;
};

struct TableBlock {
  std::string data;  // name of a data source
  SourceLocation data_where;
  TextTemplate caption;
  TextTemplate note;
  bool notes_from_data = false;  // `notes: from_data`: the data's footnotes (注：…) follow the note
  std::vector<NoteSpec> notes;  // `notes:` 注：1.… 2.…, printed before the note (资料来源)
  std::vector<TableColumnSpec> columns;
  std::vector<TableGroupSpec> groups;  // header groups, outer before inner
  TextTemplate unit;  // `unit: 亿元，%`: the line 单位：亿元，% above the table
  std::string level;  // a column holding each row's level (0, 1, 2)
  SourceLocation level_where;
  std::string highlight;          // a row set in bold (its key, or this)
  std::vector<std::string> rows;  // only these rows (by their key), in this order
  SourceLocation rows_where;
  std::string sort_column;  // rows sorted by this column's figures
  ChartSort sort_order = ChartSort::descending;
  SourceLocation sort_where;
  bool grid = false;  // `rules: grid`: vertical rules between the columns too
  Orientation orientation = Orientation::automatic;  // `orientation:` its pages' way
  // `float: auto` (true): when it does not fit on the rest of the page, the text after it fills
  // the page and it goes to the next one; `here` (false): it starts the next page itself.
  // Unset: a table with a caption floats, one without stays.
  std::optional<bool> floating;
  EntityFilter filter;  // where: this, entity, pivot
};

struct ChartSeriesSpec {
  std::string column;
  TextTemplate name;  // default: the column's name
  TextTemplate unit;
  Axis axis = Axis::left;
  std::string revised;  // a column whose non-empty cell marks the value as revised (＊)
  SourceLocation where;
};

struct ChartBlock {
  ChartType type = ChartType::bar;
  std::string data;
  SourceLocation data_where;
  std::string x;  // category column
  SourceLocation x_where;
  std::vector<ChartSeriesSpec> series;
  TextTemplate caption;
  TextTemplate note;
  double height_mm = 85.0;
  std::vector<std::string> rows;  // only these rows (by their first cell), in this order
  SourceLocation rows_where;
  std::optional<ChartSort> sort;  // default: descending for hbar, none otherwise
  ChartStyle style = ChartStyle::color;
  bool labels = true;     // data labels on bars, points and slices
  std::string highlight;  // a row to set apart (its key, or this), e.g. the report's own district
  std::vector<NoteSpec> notes;  // `notes:` 注：1.… 2.…, printed before the note
  bool floating = true;         // `float: auto` (the default) or `here`, as a table's
  EntityFilter filter;          // where: this, entity, pivot
};

// A loop over a table's rows (its totals and 其中 rows left out): those `where` keeps, in
// the order of `sort` (a figure of each row, stable: ties keep the data's order), the first
// `top`. `row.COLUMN` names the current row's cell in `where`, `sort` and the item.
struct RowLoop {
  std::string data;  // the table
  SourceLocation data_where;
  std::string where;  // a condition, or empty: every row
  SourceLocation where_where;
  std::string sort;  // an expression, or empty: the data's order
  SourceLocation sort_where;
  bool descending = true;  // order: descending (default) or ascending
  int top = 0;             // 0: every row kept
  SourceLocation top_where;
};

// A list whose items are led by "——" (each item a paragraph).
struct ListBlock {
  std::vector<TextTemplate> items;
  // `list: {each: TABLE, ..., item: "..."}`: one item per row the loop selects.
  std::optional<RowLoop> loop;
  TextTemplate item;
};

// A block quotation, set in kai and indented two characters on both sides; its source (the
// attribution), when given, on a line of its own under it, right-aligned after a ——.
struct QuoteBlock {
  TextTemplate text;
  TextTemplate source;
};

struct PageBreakBlock {};

// `notes:` as a block of its own (the 数据说明 at the end): 注：1.… 2.…
struct NotesBlock {
  std::vector<NoteSpec> items;
};

struct Block {
  SourceLocation where;
  std::string when;  // `when:`: the condition under which the block is printed, or empty
  SourceLocation when_where;
  std::variant<HeadingBlock, ParagraphBlock, ListBlock, QuoteBlock, TableBlock, ChartBlock,
               PageBreakBlock, NotesBlock>
      content;
};

// A consistency check on the data: the parts add up to the total within rounding (a warning
// when they do not: published totals are rounded separately from their parts).
struct SumCheckSpec {
  std::vector<std::string> parts;  // table.row.column references
  std::string total;
  std::optional<double> tolerance;  // default: half a unit of the last decimal, per figure
  SourceLocation where;
};

// One report per row of a data table (a district, a county): `this` in a placeholder or a
// chart's rows names that row's entity, in any table keyed by it.
struct EachSpec {
  std::string data;     // the table with one row per report
  std::string key;      // the column naming the entity (default: the table's first column)
  TextTemplate output;  // the file name, e.g. "{{ districts.this.district }}.pdf"
  SourceLocation where;
};

// A parameter of the spec (`params:`), so that one spec serves every month: its value is given
// on the command line (`render --set name=value`) or is its default, a literal or, for a
// period, the latest period among a table's row keys. Never the clock: a run is repeatable.
enum class ParamType { period, date, integer, text };

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::text;
  std::string default_value;       // a literal default as written; empty: none (or latest_of)
  std::string latest_of;           // a period's default `latest: TABLE`
  std::optional<std::string> set;  // --set name=value, as given (apply_settings)
  std::string description;
  SourceLocation where, default_where;
  bool has_default() const { return !default_value.empty() || !latest_of.empty(); }
};

struct JobSpec {
  std::filesystem::path spec_path;
  std::filesystem::path base_dir;  // relative data and font paths start here
  DocumentMeta meta;
  PageSpec page;
  std::vector<FontSpec> fonts;  // one per role, all roles present
  Preset preset = Preset::briefing;
  TypographySpec typography;
  OfficialSpec official;
  MastheadSpec masthead;
  WatermarkSpec watermark;
  StyleSpec style;
  std::vector<DataSourceSpec> data;
  std::vector<Block> blocks;
  std::vector<SumCheckSpec> checks;
  std::optional<EachSpec> each;
  std::vector<ParamSpec> params;           // `params:`, in the order written
  std::vector<core::Diagnostic> warnings;  // unknown keys and other recovered problems
  // The folders the spec's files may lie in (its own, the fonts', --allow-path): a report's own
  // data file (per_entity) is judged by them when its path is known.
  std::vector<std::filesystem::path> input_roots;
};

}  // namespace jb::spec
