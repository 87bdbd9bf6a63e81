#include "data/csv.hpp"

#include <algorithm>
#include <set>

#include "core/utf8.hpp"
#include "data/number.hpp"
#include "data/period.hpp"

namespace jb::data {

namespace {

constexpr std::size_t max_field_bytes = 64 * 1024;

// Records are rows from the start (their cells in the table's store); the header, the title
// rows and the notes at the foot are taken out at the end.
std::string_view trim_unquoted(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

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

}  // namespace

Table parse_csv(std::string_view text, const std::string& file, const CsvOptions& options) {
  core::DiagnosticList diags;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  std::size_t bad = 0;
  if (!core::valid_utf8(text, &bad)) {
    int line = 1;
    for (std::size_t i = 0; i < bad; ++i) line += text[i] == '\n';
    throw core::UserError(core::ExitCode::data_error, core::SourceLocation{file, line, 0},
                          "invalid UTF-8 (byte offset " + std::to_string(bad) + ")",
                          "decode the file first (data::decode_text)");
  }

  Table table;
  table.file = file;
  CellStore& store = *table.store;
  // Room for every cell and record at once: a large file is not copied as its vectors grow.
  std::size_t separators = 0, line_ends = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool end =
        text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'));
    separators += end || text[i] == ',';
    line_ends += end;
  }
  store.reserve(text.size(), separators + 1);
  std::vector<Row> records;
  records.reserve(line_ends + 1);

  std::string field;
  std::uint32_t first_cell = 0;  // the current record's first cell in the store
  std::uint32_t cells = 0;       // and how many it has so far
  int level = 0;                 // the first field's indentation
  bool quoted = false;       // inside a quoted field
  bool was_quoted = false;   // the current field was quoted
  bool after_quote = false;  // just closed a quoted field
  bool record_open = false;  // something was read in this record
  int line = 1;
  int record_line = 1;
  int quote_line = 0;
  int column = 0;        // code points read on this line
  int field_column = 1;  // where the current field starts

  auto end_field = [&] {
    if (field.size() > max_field_bytes) {
      diags.error({file, record_line, 0},
                  "field " + std::to_string(cells + 1) + " holds " + std::to_string(field.size()) +
                      " bytes (at most " + std::to_string(max_field_bytes / 1024) + " KiB)",
                  "a cell of a statistical table is a figure or a short name");
      field.clear();
    }
    if (cells == 0) level = indentation_level(field);
    store.add(normalize_cell(was_quoted ? std::string_view(field) : trim_unquoted(field)),
              field_column);
    ++cells;
    field.clear();
    was_quoted = after_quote = false;
    field_column = column + 1;
  };
  auto end_record = [&] {
    if (record_open) {
      end_field();
      records.push_back(Row{Cells(&store, first_cell, cells), record_line, level});
    }
    first_cell = store.size();
    cells = 0;
    level = 0;
    record_open = false;
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column;
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (c == '\n' || (c == '\r' && !(i + 1 < text.size() && text[i + 1] == '\n')))
          ++line, column = 0;
        field.push_back(c);
      }
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      ++line;
      record_line = line;
      column = 0;
      field_column = 1;
      continue;
    }
    if (!record_open) {
      record_open = true;
      record_line = line;
    }
    if (c == ',') {
      end_field();
    } else if (c == '"' && !after_quote && trim_unquoted(field).empty()) {
      quoted = was_quoted = true;
      quote_line = line;
      field.clear();
    } else if (after_quote) {
      if (c != ' ' && c != '\t')
        diags.error({file, line, 0}, "unexpected text after a closing quote",
                    "a quote inside a quoted field is written twice: \"\"");
    } else {
      field.push_back(c);
    }
  }
  if (quoted) diags.error({file, quote_line, 0}, "a quoted field is never closed (missing '\"')");
  end_record();
  diags.throw_if_errors(core::ExitCode::data_error);

  if (records.empty())
    throw core::UserError(core::ExitCode::data_error, {file, 1, 0},
                          "the file is empty (expected a header row)");

  drop_empty_columns(records, table);
  const std::size_t h = header_index(records, file, options, table, diags);
  diags.throw_if_errors(core::ExitCode::data_error);
  read_header(records, h, table, diags);
  const std::size_t foot = set_aside_foot(records, h, table, diags);
  // The data rows, moved to the front of the same vector: a large table is not held twice.
  std::vector<int> blank_lines;
  std::size_t kept = 0;
  for (std::size_t r = h + 1; r < foot; ++r) {
    const Row& record = records[r];
    if (blank(record)) {
      blank_lines.push_back(record.line);
      continue;
    }
    if (record.cells.size() != table.columns.size()) {
      diags.error({file, record.line, 0}, "row has " + std::to_string(record.cells.size()) +
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
  diags.throw_if_errors(core::ExitCode::data_error);
  return table;
}

}  // namespace jb::data
