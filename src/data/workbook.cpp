#include "data/workbook.hpp"

#include <algorithm>

#include "data/number.hpp"
#include "data/workbook_cells.hpp"

namespace jb::data {

namespace workbook {

namespace {

constexpr std::size_t max_merges = 100'000;

core::Text range_hint() {
  return core::say(
      "give the cells to read in the spec's data section (range: A3:H40), or clear the cells "
      "outside the table in the workbook");
}

std::string count_text(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

void SheetCells::check_extent(int row, int col) const {
  const bool first = cells_.empty();
  const int r1 = first ? row : std::min(min_row_, row), r2 = first ? row : std::max(max_row_, row);
  const int c1 = area_.given ? area_.col1 : (first ? col : std::min(min_col_, col));
  const int c2 = first ? col : std::max(max_col_, col);
  const std::size_t rows = static_cast<std::size_t>(r2 - r1 + 1);
  const std::size_t cols = static_cast<std::size_t>(c2 - c1 + 1);
  if (rows <= static_cast<std::size_t>(max_rows) && rows * cols <= max_cells) return;
  const std::string name = cell_name(row, col);
  if (rows > static_cast<std::size_t>(max_rows))
    throw core::UserError(core::ExitCode::data_error, table_.at(row, col),
                          core::say("cell {} makes the sheet {} rows long (rows {} to {}): more "
                                    "than the {} rows a sheet may have",
                                    name, count_text(rows), r1, r2, count_text(max_rows)),
                          range_hint());
  throw core::UserError(core::ExitCode::data_error, table_.at(row, col),
                        core::say("cell {} widens the sheet to {} columns × {} rows ({}:{}): more "
                                  "than the {} cells a sheet may have",
                                  name, count_text(cols), count_text(rows), cell_name(r1, c1),
                                  cell_name(r2, c2), count_text(max_cells)),
                        range_hint());
}

void SheetCells::add(int row, int col, std::string_view text) {
  if (row < last_row_ || (row == last_row_ && col <= last_col_))
    throw core::UserError(core::ExitCode::data_error, table_.at(row, col),
                          core::say("cell {} comes after cell {} in {}: a sheet lists its cells "
                                    "row by row, left to right",
                                    cell_name(row, col), cell_name(last_row_, last_col_), part_),
                          core::say("the workbook is damaged: open it in Excel or LibreOffice and "
                                    "save it again"));
  last_row_ = row, last_col_ = col;
  if (text.empty() || !area_.contains(row, col)) return;
  if (text.size() > max_cell_bytes)
    throw core::UserError(core::ExitCode::data_error, table_.at(row, col),
                          core::say("the cell holds {} bytes of text (at most {} KiB)",
                                    count_text(text.size()), max_cell_bytes >> 10),
                          core::say("a cell of a statistical table is a figure or a short name"));
  if (text_.size() + text.size() > max_text_bytes)
    throw core::UserError(
        core::ExitCode::data_error, table_.at(row, col),
        core::say("the sheet's cells hold more than {} MiB of text", max_text_bytes >> 20),
        range_hint());
  check_extent(row, col);
  if (cells_.empty()) min_row_ = max_row_ = row, min_col_ = max_col_ = col;
  min_row_ = std::min(min_row_, row), max_row_ = std::max(max_row_, row);
  min_col_ = std::min(min_col_, col), max_col_ = std::max(max_col_, col);
  cells_.push_back(Cell{row, static_cast<std::uint16_t>(col),
                        static_cast<std::uint32_t>(text_.size()),
                        static_cast<std::uint32_t>(text.size())});
  text_.append(text);
}

void SheetCells::merge(int row1, int col1, int row2, int col2) {
  if (merges_.size() >= max_merges)
    throw core::UserError(
        core::ExitCode::data_error, table_.at(row1, col1),
        core::say("{} has more than {} merged ranges of cells", part_, count_text(max_merges)),
        range_hint());
  merges_.push_back(Area{row1, col1, row2, col2, true});
}

const SheetCells::Cell* SheetCells::find(int row, int col) const {
  const auto at = std::lower_bound(
      cells_.begin(), cells_.end(), std::pair(row, col),
      [](const Cell& c, std::pair<int, int> p) { return std::pair<int, int>(c.row, c.col) < p; });
  return at != cells_.end() && at->row == row && at->col == col ? &*at : nullptr;
}

Records SheetCells::records(Table& table) const {
  Records out;
  if (cells_.empty()) return out;
  const int first_col = area_.given ? area_.col1 : min_col_, last_col = max_col_;
  const std::size_t width = static_cast<std::size_t>(last_col - first_col + 1);
  // A merge one column wide puts its value in each of its rows (甲区 over its periods, 指标
  // over a two-row header); a wider one is a label over its columns, a Span of its first row.
  struct Fill {
    int row, col;
    const Cell* from;
  };
  std::vector<Fill> fills;
  std::size_t fill_bytes = 0;
  for (const Area& m : merges_) {
    const Cell* top = find(m.row1, m.col1);
    if (!top) continue;
    if (m.col1 < m.col2) {
      if (m.row1 < min_row_ || m.row1 > max_row_) continue;
      const int a = std::max(m.col1, first_col), b = std::min(m.col2, last_col);
      if (a <= b)
        out.spans.push_back(Span{m.row1, static_cast<std::size_t>(a - first_col),
                                 static_cast<std::size_t>(b - first_col + 1),
                                 normalize_cell(text(*top))});
      continue;
    }
    for (int r = std::max(m.row1 + 1, min_row_); r <= std::min(m.row2, max_row_); ++r) {
      if (!area_.contains(r, m.col1)) continue;
      fills.push_back(Fill{r, m.col1, top});
      fill_bytes += top->size;
      if (fills.size() > max_cells || text_.size() + fill_bytes > max_text_bytes)
        throw core::UserError(core::ExitCode::data_error, table_.at(m.row1, m.col1),
                              core::say("the merged cells of {} repeat more than {} MiB of text",
                                        part_, max_text_bytes >> 20),
                              range_hint());
    }
  }
  std::sort(fills.begin(), fills.end(), [](const Fill& a, const Fill& b) {
    return std::pair(a.row, a.col) < std::pair(b.row, b.col);
  });
  std::stable_sort(out.spans.begin(), out.spans.end(),
                   [](const Span& a, const Span& b) { return a.line < b.line; });

  // Every row from the first with a value to the last, blank ones too (the table notes them).
  CellStore& store = *table.store;
  const std::size_t rows = static_cast<std::size_t>(max_row_ - min_row_ + 1);
  store.reserve(text_.size() + fill_bytes, rows * width);
  out.rows.reserve(rows);
  auto cell = cells_.begin();
  auto fill = fills.begin();
  for (int r = min_row_; r <= max_row_; ++r) {
    const std::uint32_t first = store.size();
    int level = 0;
    for (int c = first_col; c <= last_col; ++c) {
      std::string_view raw;
      const bool at_cell = cell != cells_.end() && cell->row == r && cell->col == c;
      while (fill != fills.end() && std::pair(fill->row, fill->col) < std::pair(r, c)) ++fill;
      if (fill != fills.end() && fill->row == r && fill->col == c)
        raw = text(*fill->from);  // the merge's value, as Excel shows it
      else if (at_cell)
        raw = text(*cell);
      if (at_cell) ++cell;
      if (c == first_col) level = indentation_level(raw);
      store.add(normalize_cell(raw), c);
    }
    out.rows.push_back(Row{Cells(&store, first, static_cast<std::uint32_t>(width)), r, level});
  }
  return out;
}

std::size_t choose_sheet(const spec::DataSourceSpec& source, const std::string& file,
                         const std::vector<std::string>& names) {
  if (names.empty())
    throw core::UserError(core::ExitCode::data_error, core::SourceLocation(file),
                          core::say("the workbook has no sheet"),
                          core::say("save it from Excel with its table"));
  if (source.sheet.empty()) return 0;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == source.sheet) return i;
  // Excel's sheet names are unique however written: 'summary' is 'Summary'.
  auto folded = [](std::string s) {
    for (char& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
  };
  for (std::size_t i = 0; i < names.size(); ++i)
    if (folded(names[i]) == folded(source.sheet)) return i;
  std::string list;
  for (std::size_t i = 0; i < names.size() && i < 50; ++i) list += (i ? ", " : "") + names[i];
  if (names.size() > 50) list += ", …";
  throw core::UserError(
      core::ExitCode::invalid_spec, source.sheet_where,
      core::say("sheet '{}' is not in {} (its sheets: {})", source.sheet, file, list),
      core::say("sheet: names a sheet as its tab shows it"));
}

void refuse_other(const std::string& file, const std::string& bytes) {
  const std::string_view head = std::string_view(bytes).substr(0, 4096);
  auto lowered = [](std::string_view s) {
    std::string out(s);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  };
  const std::string low = lowered(head);
  const core::SourceLocation at(file);
  if (bytes.empty())
    throw core::UserError(core::ExitCode::data_error, at,
                          core::say("the file is empty, not an Excel workbook"));
  if (low.find("<html") != std::string::npos || low.find("<table") != std::string::npos)
    throw core::UserError(core::ExitCode::data_error, at,
                          core::say("the file is a web page (HTML), not an Excel workbook"),
                          core::say("a system that exports 'Excel' as HTML: open the file in "
                                    "Excel and save it as an Excel Workbook (.xlsx)"));
  const bool text = std::none_of(head.begin(), head.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 && c != '\t' && c != '\n' && c != '\r';
  });
  if (text &&
      (head.find(',') != std::string_view::npos || head.find('\t') != std::string_view::npos))
    throw core::UserError(core::ExitCode::data_error, at,
                          core::say("the file is text, not an Excel workbook: it looks like CSV"),
                          core::say("rename it .csv"));
  throw core::UserError(core::ExitCode::data_error, at,
                        core::say("the file is not an Excel workbook (neither an .xlsx zip "
                                  "archive nor an .xls file)"),
                        core::say("save it from Excel as an Excel Workbook (.xlsx)"));
}

}  // namespace workbook

namespace {

std::string lower_extension(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  for (char& c : ext)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return ext;
}

}  // namespace

bool is_workbook(const std::filesystem::path& file) {
  const std::string ext = lower_extension(file);
  return ext == ".xlsx" || ext == ".xlsm" || ext == ".xls";
}

Table read_workbook(const spec::DataSourceSpec& source, const std::string& file,
                    const std::string& bytes) {
  workbook::Area area;
  if (!source.range.empty()) {
    const auto a = workbook::parse_area(source.range);
    if (!a)
      throw core::UserError(
          core::ExitCode::invalid_spec, source.range_where,
          core::say("range '{}' is not a range of cells", core::excerpt(source.range)),
          core::say("write it as Excel names cells: A3:H40 (the top-left and "
                    "bottom-right cells) or A:H (whole columns)"));
    area = *a;
  }
  Table table;
  table.file = file;
  const std::string ext = lower_extension(source.file);
  // What the bytes are decides, not the name: an .xlsx named .xls is read as one (and the
  // other way round), as Excel opens it.
  const bool zip = bytes.starts_with("PK\x03\x04") || bytes.starts_with("PK\x05\x06");
  const bool ole = bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
  if (!zip && !ole) workbook::refuse_other(file, bytes);
  Records records = ole ? workbook::read_xls(source, bytes, area, table)
                        : workbook::read_xlsx(source, bytes, area, table);
  if ((ext == ".xls") == zip)
    table.notes.push_back(
        (zip ? core::say("{} is an .xlsx workbook named .xls: read as what it is", file)
             : core::say("{} is an .xls workbook named {}: read as what it is", file, ext))
            .str());
  if (ole)  // libfreexl gives a cell's value, not its format: say what that means, every run
    table.warnings.push_back(core::make_diagnostic(
        core::Severity::warning, {file},
        // xgettext:no-c-format ("6.1% as" is no printf directive)
        core::say("an .xls workbook is read without its number formats and merged cells: a cell "
                  "shown as a percentage reads as its fraction (6.1% as 0.061), a year-month "
                  "date as its day (2025-10-01)"),
        core::say("save it as an .xlsx workbook (Excel or WPS: 另存为 Excel 工作簿), which keeps "
                  "them; or check that the rate columns hold percentages")));
  shape_table(std::move(records), ShapeOptions{source.header_row, source.header_row_where}, table);
  return table;
}

}  // namespace jb::data
