#include "data/records.hpp"

#include <algorithm>
#include <set>

#include "data/number.hpp"
#include "data/period.hpp"

namespace jb::data {

namespace {

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

// 注：…, 注1, 说明：…, 资料来源：…, 备注 …: a note under the table, its other cells empty; or,
// labelled with a colon (注:, 说明：), a note whose own ASCII commas split it into cells, as a
// hand-written CSV has it ("注:增速按可比价格计算,部分数据为初步数").
bool note_row(const Row& r) {
  if (r.cells.empty()) return false;
  const std::string_view t = r.cells[0];
  for (const std::string_view word :
       {"注", "附注", "备注", "说明", "资料来源", "数据来源", "来源"}) {
    if (!t.starts_with(word)) continue;
    const std::string_view rest = t.substr(word.size());
    const bool labelled = rest.starts_with(":") || rest.starts_with("：");
    if (labelled) return true;
    if (text_only(r) &&
        (rest.empty() || rest[0] == ' ' || (rest[0] >= '0' && rest[0] <= '9') ||
         rest.starts_with("、") || rest.starts_with("\xE3\x80\x80") || rest.starts_with("①")))
      return true;
  }
  return false;
}

// A note row's text: its first cell, and the cells its own commas split off, joined again.
std::string note_text(const Row& r) {
  std::size_t end = r.cells.size();
  while (end > 1 && r.cells[end - 1].empty()) --end;
  std::string text(r.cells[0]);
  for (std::size_t i = 1; i < end; ++i) (text += ',') += r.cells[i];
  return text;
}

core::Text lines_text(const std::vector<int>& lines) {
  std::string s;
  for (std::size_t i = 0; i < lines.size(); ++i) s += (i ? ", " : "") + std::to_string(lines[i]);
  return lines.size() == 1 ? core::say("line {}", s) : core::say("lines {}", s);
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
  table.notes.push_back(
      core::say("{} empty column(s) at the right of every row set aside", width - used).str());
}

// The spans of the record at `line`.
std::vector<const Span*> spans_at(const std::vector<Span>& spans, int line) {
  std::vector<const Span*> out;
  for (const Span& s : spans)
    if (s.line == line && s.end > s.first + 1) out.push_back(&s);
  return out;
}

// A row of labels merged over the columns below them (a title merged across the sheet is text
// only, and no group row).
bool group_row(const Records& all, std::size_t r) {
  return !text_only(all.rows[r]) && !spans_at(all.spans, all.rows[r].line).empty();
}

// The header's group rows (at most two, rows of merged labels): those just above the header
// given by header_row, or, when the header was found, the found row and the next while it is
// one (the header is then the row below). Returns the first group row; h becomes the header.
std::size_t group_rows(const Records& all, const ShapeOptions& options, std::size_t& h) {
  constexpr std::size_t most = 2;
  if (all.spans.empty()) return h;
  if (options.header_row > 0) {
    std::size_t g = h;
    while (g > 0 && h - g < most && group_row(all, g - 1)) --g;
    return g;
  }
  const std::size_t g = h;
  while (h + 1 < all.rows.size() && h - g < most && group_row(all, h)) ++h;
  return g;
}

// Which record is the header: the one at options.header_row; else the first, unless it is a
// title (only its first cell filled) above a complete header, which is then certain.
std::size_t header_index(const Records& all, const ShapeOptions& options, Table& table,
                         core::DiagnosticList& diags) {
  const std::vector<Row>& records = all.rows;
  const std::string& file = table.file;
  if (options.header_row > 0) {
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (records[i].line != options.header_row) continue;
      if (i > 0)
        table.notes.push_back(core::say("{} row(s) above the header (header_row: {}) set aside", i,
                                        options.header_row)
                                  .str());
      return i;
    }
    diags.error(
        options.header_row_where,
        core::say("header_row: {} is not where a row of {} starts", options.header_row, file),
        core::say("the file's rows start at lines {} to {}", records.front().line,
                  records.back().line));
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
  // Certain: a complete header of names (its key column's name is not a figure or a period),
  // below its group rows, with a data row of its width after it.
  std::size_t named_row = h;
  group_rows(all, options, named_row);
  const Row& names = records[std::min(named_row, records.size() - 1)];
  const bool certain = named_row + 1 < records.size() && named(names) &&
                       !parse_number(names.cells[0]) && !parse_period(names.cells[0]) &&
                       records[named_row + 1].cells.size() == names.cells.size();
  if (!certain) {
    if (first.cells.size() == 1)  // else the header's unnamed columns say it, with the hint
      diags.error(table.at(first.line, 1),
                  core::say("cannot tell which row is the header: line {} ('{}') is a single cell",
                            first.line, excerpt(first.cells[0])),
                  core::say("say where the header is in the spec's data section: {{file: ..., "
                            "header_row: N}}"));
    return 0;
  }
  for (std::size_t i = 0; i < h; ++i)
    if (!blank(records[i]))
      table.warnings.push_back(core::make_diagnostic(
          core::Severity::warning, table.at(records[i].line, 1),
          core::say("line {} ('{}') is a title above the header (line {}): set aside",
                    records[i].line, excerpt(records[i].cells[0]), names.line),
          core::say("header_row: {} in the spec's data section says so and silences this warning",
                    names.line)));
  return h;
}

// The groups over the header, outer before inner, from the merged labels of its group rows.
void read_groups(const std::vector<Row>& records, const std::vector<Span>& spans, std::size_t g,
                 std::size_t h, Table& table) {
  const std::size_t width = records[h].cells.size();
  for (std::size_t r = g; r < h; ++r)
    for (const Span* s : spans_at(spans, records[r].line))
      if (s->first < width && !s->label.empty())
        table.groups.push_back(
            {s->label, s->first, std::min(s->end, width), static_cast<int>(r - g)});
}

// A header cell's name: its text, qualified by the label of its innermost group when another
// cell of the header holds the same text (本月 and 累计 over 增长% give 本月增长% and 累计增长%).
std::string column_name(const Row& header, std::size_t c, const Table& table) {
  const std::string_view name = header.cells[c];
  std::size_t same = 0;
  for (const std::string_view other : header.cells) same += other == name;
  if (same > 1 && !name.empty())
    for (auto g = table.groups.rbegin(); g != table.groups.rend(); ++g)
      if (g->first <= c && c < g->end) return g->label + std::string(name);
  return std::string(name);
}

void read_header(const std::vector<Row>& records, std::size_t h, Table& table,
                 core::DiagnosticList& diags) {
  std::set<std::string> names;
  const Row& header = records[h];
  const core::Text hint = h == 0 && records.size() > 1
                              ? core::say(
                                    "if the header is not the first row, the spec's data "
                                    "section says where: header_row: N")
                              : core::Text{};
  for (std::size_t c = 0; c < header.cells.size(); ++c) {
    std::string name = column_name(header, c, table);
    const int column = header.cells.column(c);
    if (name.empty())
      diags.error(table.at(header.line, column),
                  core::say("column {} has no name in the header row", c + 1), hint);
    else if (!names.insert(name).second)
      diags.error(table.at(header.line, column),
                  core::say("duplicate column name '{}' in the header row", name),
                  core::say("a placeholder could not tell which column it means: name each once "
                            "(an export's 本月 and 累计 columns both headed 同比增长% become "
                            "本月增长% and 累计增长%)"));
    table.columns.push_back(std::move(name));
  }
}

// The notes at the foot (from the first 注/说明/资料来源 row on, rows of text in their first cell
// only) become the table's footnotes; returns where they start. A note row with data rows
// after it is an error.
std::size_t set_aside_foot(const std::vector<Row>& records, std::size_t h, Table& table,
                           core::DiagnosticList& diags) {
  std::size_t tail = records.size();
  while (tail > h + 1 && (text_only(records[tail - 1]) || note_row(records[tail - 1]))) --tail;
  std::size_t foot = tail;
  while (foot < records.size() && !note_row(records[foot])) ++foot;
  for (std::size_t r = h + 1; r < tail; ++r)
    if (note_row(records[r]))
      diags.error(table.at(records[r].line, 1),
                  core::say("line {} ('{}') is a note, but data rows follow it (line {})",
                            records[r].line, excerpt(records[r].cells[0]), records[tail - 1].line),
                  core::say("notes go at the foot of the table, below its last row"));
  if (foot == records.size()) return foot;
  std::vector<int> lines;
  for (std::size_t r = foot; r < records.size(); ++r)
    if (!blank(records[r])) {
      table.footnotes.push_back({note_text(records[r]), records[r].line});
      lines.push_back(records[r].line);
    }
  table.notes.push_back(
      core::say("{} note row(s) at the foot set aside as the table's notes ({}): {}", lines.size(),
                lines_text(lines).str(), excerpt(table.footnotes.front().text))
          .str());
  return foot;
}

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
      // More fields than columns: most often a comma typed inside a text or a number.
      diags.error(table.at(record.line),
                  core::say("row has {} fields, the header has {}", record.cells.size(),
                            table.columns.size()),
                  record.cells.size() > table.columns.size()
                      ? core::say("a comma inside a value splits it: write the value in double "
                                  "quotes (\"1,234.5\", \"城东区, 城西区\") or the comma "
                                  "full-width (，)")
                      : core::Text());
      continue;
    }
    records[kept++] = record;
  }
  records.resize(kept);
  table.rows = std::move(records);
  if (!blank_lines.empty())
    table.notes.push_back(core::say("{} blank row(s) set aside ({})", blank_lines.size(),
                                    lines_text(blank_lines).str())
                              .str());
}

}  // namespace

void shape_table(Records records, const ShapeOptions& options, Table& table) {
  core::DiagnosticList diags;
  std::vector<Row>& rows = records.rows;
  if (rows.empty())
    throw core::UserError(core::ExitCode::data_error, table.at(1),
                          table.sheet.empty()
                              ? core::say("the file is empty (expected a header row)")
                              : core::say("the sheet is empty (expected a header row)"));
  drop_empty_columns(rows, table);
  if (options.result_set) {  // no title rows or header groups; notes at the foot as in a file
    read_header(rows, 0, table, diags);
    const std::size_t foot = rows.size() > 1 ? set_aside_foot(rows, 0, table, diags) : 1;
    keep_data_rows(rows, 0, foot, table, diags);
    diags.throw_if_errors(core::ExitCode::data_error);
    return;
  }
  std::size_t h = header_index(records, options, table, diags);
  diags.throw_if_errors(core::ExitCode::data_error);
  const std::size_t first_group = group_rows(records, options, h);
  read_groups(rows, records.spans, first_group, h, table);
  read_header(rows, h, table, diags);
  const std::size_t foot = set_aside_foot(rows, h, table, diags);
  keep_data_rows(rows, h, foot, table, diags);
  diags.throw_if_errors(core::ExitCode::data_error);
}

}  // namespace jb::data
