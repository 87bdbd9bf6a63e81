// data: an Excel 97–2003 (.xls, BIFF) workbook's sheet through libfreexl. libfreexl gives each
// cell's value (a date already as text) but not the sheet's merged cells nor the cells' number
// formats: a .xls sheet has no header groups and no filled-down merged keys, and a rate
// formatted 0.0% reads as the fraction Excel stores (0.061). An .xlsx has both.
#include <freexl.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "data/workbook_cells.hpp"

namespace jb::data::workbook {

namespace {

core::Text protected_hint() {
  return core::say(
      "open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with "
      "Password) and save it");
}

core::Text freexl_problem(int rc) {
  switch (rc) {
    case FREEXL_FILE_NOT_FOUND:
      return core::say("the .xls workbook cannot be read: it cannot be opened");
    case FREEXL_INSUFFICIENT_MEMORY:
      return core::say("the .xls workbook cannot be read: it needs more memory than there is");
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
      return core::say(
          "the .xls workbook cannot be read: it is an OLE compound file without a workbook in it "
          "(a Word document?)");
    case FREEXL_CRAFTED_FILE:
      return core::say(
          "the .xls workbook cannot be read: it is damaged in a way that looks crafted to break "
          "readers");
    default:
      return core::say("the .xls workbook cannot be read: it is damaged (libfreexl error {})", rc);
  }
}

// A cell's value as text: a number with at most 15 significant digits, as Excel shows it.
std::string cell_text(const FreeXL_CellValue& v) {
  switch (v.type) {
    case FREEXL_CELL_INT:
      return std::to_string(v.value.int_value);
    case FREEXL_CELL_DOUBLE: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.15g", v.value.double_value);
      return decimal_text(buf).value_or("");  // NaN and infinities: no figure
    }
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_DATE:      // YYYY-MM-DD
    case FREEXL_CELL_DATETIME:  // YYYY-MM-DD HH:MM:SS
    case FREEXL_CELL_TIME:      // HH:MM:SS
      return v.value.text_value ? v.value.text_value : "";
    default:
      return {};
  }
}

}  // namespace

Records read_xls(const spec::DataSourceSpec& source, const std::string& bytes, const Area& area,
                 Table& table) {
  const core::SourceLocation at(table.file);
  // An encrypted .xlsx is an OLE compound file whose stream "EncryptedPackage" holds the zip.
  static const std::string encrypted("E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32);
  if (bytes.find(encrypted) != std::string::npos)
    throw core::UserError(core::ExitCode::data_error, at,
                          core::say("the workbook is protected by a password (encrypted): it "
                                    "cannot be read"),
                          protected_hint());
  const void* handle = nullptr;
  const int rc = freexl_open(source.file.c_str(), &handle);
  const std::unique_ptr<const void, int (*)(const void*)> closer(handle, freexl_close);
  if (rc != FREEXL_OK)
    throw core::UserError(core::ExitCode::data_error, at, freexl_problem(rc),
                          core::say("open it in Excel or LibreOffice and save it as an Excel "
                                    "Workbook (.xlsx)"));
  unsigned info = 0;
  if (freexl_get_info(handle, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
      info == FREEXL_BIFF_OBFUSCATED)
    throw core::UserError(core::ExitCode::data_error, at,
                          core::say("the workbook is protected by a password: it cannot be read"),
                          protected_hint());
  unsigned count = 0;
  freexl_get_info(handle, FREEXL_BIFF_SHEET_COUNT, &count);
  std::vector<std::string> names;
  for (unsigned i = 0; i < count && i < 0xFFFF; ++i) {
    const char* name = nullptr;
    freexl_get_worksheet_name(handle, static_cast<unsigned short>(i), &name);
    names.emplace_back(name ? name : "");
  }
  const std::size_t chosen = choose_sheet(source, table.file, names);
  table.sheet = names[chosen];
  unsigned rows = 0;
  unsigned short cols = 0;
  if (freexl_select_active_worksheet(handle, static_cast<unsigned short>(chosen)) != FREEXL_OK ||
      freexl_worksheet_dimensions(handle, &rows, &cols) != FREEXL_OK)
    throw core::UserError(core::ExitCode::data_error, at,
                          core::say("sheet '{}' of the .xls workbook cannot be read", table.sheet),
                          core::say("open it in Excel or LibreOffice and save it as an Excel "
                                    "Workbook (.xlsx)"));
  SheetCells cells(table, area, core::say("sheet '{}'", table.sheet).str());
  const unsigned last_row = std::min<unsigned>(rows, static_cast<unsigned>(area.row2));
  const unsigned last_col = std::min<unsigned>(cols, static_cast<unsigned>(area.col2));
  for (unsigned r = static_cast<unsigned>(area.row1) - 1; r < last_row; ++r)
    for (unsigned c = static_cast<unsigned>(area.col1) - 1; c < last_col; ++c) {
      FreeXL_CellValue v;
      if (freexl_get_cell_value(handle, r, static_cast<unsigned short>(c), &v) != FREEXL_OK)
        continue;
      if (const std::string text = cell_text(v); !text.empty())
        cells.add(static_cast<int>(r) + 1, static_cast<int>(c) + 1, text);
    }
  return cells.records(table);
}

}  // namespace jb::data::workbook
