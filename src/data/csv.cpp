#include "data/csv.hpp"

#include <algorithm>
#include <set>

#include "core/trim.hpp"
#include "core/utf8.hpp"
#include "data/number.hpp"
#include "data/period.hpp"

namespace jb::data {

namespace {

constexpr std::size_t max_field_bytes = 64 * 1024;

bool blank(const Row& r) {
  for (const std::string_view f : r.cells)
    if (!f.empty()) return false;
  return true;
}

std::size_t filled(const Row& r) {
  std::size_t n = 0;
  for (const std::string_view f : r.cells) n += !f.empty();
  return n;
}

// A complete header: two or more columns, each named.
bool named(const Row& r) { return r.cells.size() >= 2 && filled(r) == r.cells.size(); }

// Only the first cell holds text (a title, a note, a blank row).
bool text_only(const Row& r) {
  const std::size_t n = filled(r);
  return n == 0 || (n == 1 && !r.cells[0].empty());
}

// 注：…, 注1, 说明：…, 资料来源：…, 备注 …: a note under the table, its other cells empty.
bool note_row(const Row& r) {
  if (!text_only(r) || r.cells.empty()) return false;
  const std::string_view t = r.cells[0];
  for (const std::string_view word :
       {"注", "附注", "备注", "说明", "资料来源", "数据来源", "来源"}) {
    if (!t.starts_with(word)) continue;
    const std::string_view rest = t.substr(word.size());
    if (rest.empty() || rest[0] == ':' || rest[0] == ' ' || (rest[0] >= '0' && rest[0] <= '9') ||
        rest.starts_with("：") || rest.starts_with("、") || rest.starts_with("\xE3\x80\x80") ||
        rest.starts_with("①"))
      return true;
  }
  return false;
}

std::string lines_text(const std::vector<int>& lines) {
  std::string s = lines.size() == 1 ? "line " : "lines ";
  for (std::size_t i = 0; i < lines.size(); ++i) s += (i ? ", " : "") + std::to_string(lines[i]);
  return s;
}

std::string excerpt(std::string_view text) { return core::excerpt(text, 24); }

// Columns at the right that are empty in every row (Excel exports its used range, which a
// formatted but empty column widens) are dropped.
void drop_empty_columns(std::vector<Row>& records, Table& table) {
  std::size_t width = 0, used = 0;
  for (const Row& r : records) {
    width = std::max(width, r.cells.size());
    for (std::size_t c = used; c < r.cells.size(); ++c)
      if (!r.cells[c].empty()) used = c + 1;
  }
  if (used == width || used == 0) return;
  for (Row& r : records) r.cells.truncate(used);
  table.notes.push_back(std::to_string(width - used) +
                        " empty column(s) at the right of every row set aside");
}

// Which record is the header: the one at options.header_row; else the first, unless it is a
// title (only its first cell filled) above a complete header, which is then certain.
std::size_t header_index(const std::vector<Row>& records, const std::string& file,
                         const CsvOptions& options, Table& table, core::DiagnosticList& diags) {
  if (options.header_row > 0) {
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (records[i].line != options.header_row) continue;
      if (i > 0)
        table.notes.push_back(std::to_string(i) + " row(s) above the header (header_row: " +
                              std::to_string(options.header_row) + ") set aside");
      return i;
    }
    diags.error(options.header_row_where,
                "header_row: " + std::to_string(options.header_row) + " is not where a row of " +
                    file + " starts",
                "the file's rows start at lines " + std::to_string(records.front().line) + " to " +
                    std::to_string(records.back().line));
    return 0;
  }
  const Row& first = records.front();
  // A title: only its first cell filled, and (when it is a single field) wider rows below.
  const bool title =
      records.size() > 1 && text_only(first) &&
      (first.cells.size() > 1 || std::any_of(records.begin() + 1, records.end(),
                                             [](const Row& r) { return r.cells.size() > 1; }));
  if (!title) return 0;
  std::size_t h = 0;
  while (h < records.size() && text_only(records[h])) ++h;
  // Certain: a complete header of names (its key column's name is not a figure or a period)
  // with a data row of its width after it.
  const bool certain = h + 1 < records.size() && named(records[h]) &&
                       !parse_number(records[h].cells[0]) && !parse_period(records[h].cells[0]) &&
                       records[h + 1].cells.size() == records[h].cells.size();
  if (!certain) {
    if (first.cells.size() == 1)  // else the header's unnamed columns say it, with the hint
      diags.error({file, first.line, 1},
                  "cannot tell which row is the header: line " + std::to_string(first.line) +
                      " ('" + excerpt(first.cells[0]) + "') is a single cell",
                  "say where the header is in the spec's data section: {file: ..., header_row: N}");
    return 0;
  }
  for (std::size_t i = 0; i < h; ++i)
    if (!blank(records[i]))
      table.warnings.push_back(core::Diagnostic{
          core::Severity::warning,
          {file, records[i].line, 1},
          "line " + std::to_string(records[i].line) + " ('" + excerpt(records[i].cells[0]) +
              "') is a title above the header (line " + std::to_string(records[h].line) +
              "): set aside",
          "header_row: " + std::to_string(records[h].line) +
              " in the spec's data section says so and silences this warning"});
  return h;
}

void read_header(const std::vector<Row>& records, std::size_t h, Table& table,
                 core::DiagnosticList& diags) {
  std::set<std::string_view> names;
  const Row& header = records[h];
  const std::string hint =
      h == 0 && records.size() > 1
          ? "if the header is not the first row, the spec's data section says where: header_row: N"
          : "";
  for (std::size_t c = 0; c < header.cells.size(); ++c) {
    const std::string_view name = header.cells[c];
    const int column = header.cells.column(c);
    if (name.empty())
      diags.error({table.file, header.line, column},
                  "column " + std::to_string(c + 1) + " has no name in the header row", hint);
    else if (!names.insert(name).second)
      diags.error({table.file, header.line, column},
                  "duplicate column name '" + std::string(name) + "' in the header row",
                  "a placeholder could not tell which column it means: name each once (an "
                  "export's 本月 and 累计 columns both headed 同比增长% become 本月增长% and "
                  "累计增长%)");
    table.columns.emplace_back(name);
  }
}

// The notes at the foot (from the first 注/说明/资料来源 row on, rows of text in their first cell
// only) become the table's footnotes; returns where they start. A note row with data rows
// after it is an error.
std::size_t set_aside_foot(const std::vector<Row>& records, std::size_t h, Table& table,
                           core::DiagnosticList& diags) {
  std::size_t tail = records.size();
  while (tail > h + 1 && text_only(records[tail - 1])) --tail;
  std::size_t foot = tail;
  while (foot < records.size() && !note_row(records[foot])) ++foot;
  for (std::size_t r = h + 1; r < tail; ++r)
    if (note_row(records[r]))
      diags.error({table.file, records[r].line, 1},
                  "line " + std::to_string(records[r].line) + " ('" + excerpt(records[r].cells[0]) +
                      "') is a note, but data rows follow it (line " +
                      std::to_string(records[tail - 1].line) + ")",
                  "notes go at the foot of the table, below its last row");
  if (foot == records.size()) return foot;
  std::vector<int> lines;
  for (std::size_t r = foot; r < records.size(); ++r)
    if (!blank(records[r])) {
      table.footnotes.push_back({std::string(records[r].cells[0]), records[r].line});
      lines.push_back(records[r].line);
    }
  table.notes.push_back(std::to_string(lines.size()) +
                        " note row(s) at the foot set aside as the table's notes (" +
                        lines_text(lines) + "): " + excerpt(table.footnotes.front().text));
  return foot;
}

// A CSV text that is not UTF-8 (data::decode_text makes it so) is refused at its first bad byte.
void refuse_invalid_utf8(std::string_view text, const std::string& file) {
  std::size_t bad = 0;
  if (core::valid_utf8(text, &bad)) return;
  int line = 1;
  for (std::size_t i = 0; i < bad; ++i) line += text[i] == '\n';
  throw core::UserError(core::ExitCode::data_error, core::SourceLocation{file, line, 0},
                        "invalid UTF-8 (byte offset " + std::to_string(bad) + ")",
                        "decode the file first (data::decode_text)");
}

// Reads the records of a CSV text (RFC 4180: quoted fields may hold commas, line ends and
// quotes written twice; CRLF, CR or LF ends a record), each located by its line and each cell
// by its column. Records are rows from the start (their cells in the table's store); the
// header, the title rows and the notes at the foot are taken out later.
class RecordReader {
 public:
  RecordReader(const std::string& file, CellStore& store, core::DiagnosticList& diags)
      : file_(file), store_(store), diags_(diags) {}

  std::vector<Row> read(std::string_view text) {
    reserve(text);
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column_;
      if (quoted_)
        quoted_char(text, i);
      else if (c == '\r' || c == '\n')
        line_end(text, i);
      else
        plain_char(c);
    }
    if (quoted_)
      diags_.error({file_, quote_line_, 0}, "a quoted field is never closed (missing '\"')");
    end_record();
    return std::move(records_);
  }

 private:
  // Room for every cell and record at once: a large file is not copied as its vectors grow.
  void reserve(std::string_view text) {
    std::size_t separators = 0, line_ends = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const bool end =
          text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'));
      separators += end || text[i] == ',';
      line_ends += end;
    }
    store_.reserve(text.size(), separators + 1);
    records_.reserve(line_ends + 1);
  }

  // Inside quotes: "" is a quote, a lone " closes the field, anything else (a line end too) is
  // the field's.
  void quoted_char(std::string_view text, std::size_t& i) {
    const char c = text[i];
    if (c == '"') {
      if (i + 1 < text.size() && text[i + 1] == '"') {
        field_.push_back('"');
        ++i;
      } else {
        quoted_ = false;
        after_quote_ = true;
      }
      return;
    }
    if (c == '\n' || (c == '\r' && !(i + 1 < text.size() && text[i + 1] == '\n')))
      ++line_, column_ = 0;
    field_.push_back(c);
  }

  void line_end(std::string_view text, std::size_t& i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    end_record();
    ++line_;
    record_line_ = line_;
    column_ = 0;
    field_column_ = 1;
  }

  void plain_char(char c) {
    if (!record_open_) {
      record_open_ = true;
      record_line_ = line_;
    }
    if (c == ',') {
      end_field();
    } else if (c == '"' && !after_quote_ && core::trim(field_).empty()) {
      quoted_ = was_quoted_ = true;
      quote_line_ = line_;
      field_.clear();
    } else if (after_quote_) {
      if (c != ' ' && c != '\t')
        diags_.error({file_, line_, 0}, "unexpected text after a closing quote",
                     "a quote inside a quoted field is written twice: \"\"");
    } else {
      field_.push_back(c);
    }
  }

  void end_field() {
    if (field_.size() > max_field_bytes) {
      diags_.error({file_, record_line_, 0},
                   "field " + std::to_string(cells_ + 1) + " holds " +
                       std::to_string(field_.size()) + " bytes (at most " +
                       std::to_string(max_field_bytes / 1024) + " KiB)",
                   "a cell of a statistical table is a figure or a short name");
      field_.clear();
    }
    if (cells_ == 0) level_ = indentation_level(field_);
    store_.add(normalize_cell(was_quoted_ ? std::string_view(field_) : core::trim(field_)),
               field_column_);
    ++cells_;
    field_.clear();
    was_quoted_ = after_quote_ = false;
    field_column_ = column_ + 1;
  }

  void end_record() {
    if (record_open_) {
      end_field();
      records_.push_back(Row{Cells(&store_, first_cell_, cells_), record_line_, level_});
    }
    first_cell_ = store_.size();
    cells_ = 0;
    level_ = 0;
    record_open_ = false;
  }

  const std::string& file_;
  CellStore& store_;
  core::DiagnosticList& diags_;
  std::vector<Row> records_;
  std::string field_;
  std::uint32_t first_cell_ = 0;  // the current record's first cell in the store
  std::uint32_t cells_ = 0;       // and how many it has so far
  int level_ = 0;                 // the first field's indentation
  bool quoted_ = false;           // inside a quoted field
  bool was_quoted_ = false;       // the current field was quoted
  bool after_quote_ = false;      // just closed a quoted field
  bool record_open_ = false;      // something was read in this record
  int line_ = 1;
  int record_line_ = 1;
  int quote_line_ = 0;
  int column_ = 0;        // code points read on this line
  int field_column_ = 1;  // where the current field starts
};

// The data rows (between the header and the notes at the foot), moved to the front of the same
// vector: a large table is not held twice. Blank rows are set aside; a row of another width
// than the header is an error.
void keep_data_rows(std::vector<Row>& records, std::size_t h, std::size_t foot, Table& table,
                    core::DiagnosticList& diags) {
  std::vector<int> blank_lines;
  std::size_t kept = 0;
  for (std::size_t r = h + 1; r < foot; ++r) {
    const Row& record = records[r];
    if (blank(record)) {
      blank_lines.push_back(record.line);
      continue;
    }
    if (record.cells.size() != table.columns.size()) {
      diags.error({table.file, record.line, 0}, "row has " + std::to_string(record.cells.size()) +
                                                    " fields, the header has " +
                                                    std::to_string(table.columns.size()));
      continue;
    }
    records[kept++] = record;
  }
  records.resize(kept);
  table.rows = std::move(records);
  if (!blank_lines.empty())
    table.notes.push_back(std::to_string(blank_lines.size()) + " blank row(s) set aside (" +
                          lines_text(blank_lines) + ")");
}

}  // namespace

Table parse_csv(std::string_view text, const std::string& file, const CsvOptions& options) {
  core::DiagnosticList diags;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  refuse_invalid_utf8(text, file);

  Table table;
  table.file = file;
  std::vector<Row> records = RecordReader(file, *table.store, diags).read(text);
  diags.throw_if_errors(core::ExitCode::data_error);

  if (records.empty())
    throw core::UserError(core::ExitCode::data_error, {file, 1, 0},
                          "the file is empty (expected a header row)");

  drop_empty_columns(records, table);
  const std::size_t h = header_index(records, file, options, table, diags);
  diags.throw_if_errors(core::ExitCode::data_error);
  read_header(records, h, table, diags);
  const std::size_t foot = set_aside_foot(records, h, table, diags);
  keep_data_rows(records, h, foot, table, diags);
  diags.throw_if_errors(core::ExitCode::data_error);
  return table;
}

}  // namespace jb::data
