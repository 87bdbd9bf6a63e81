#include "data/csv.hpp"

#include <set>

#include "core/utf8.hpp"
#include "data/number.hpp"

namespace jb::data {

namespace {

constexpr std::size_t max_field_bytes = 64 * 1024;

struct Record {
  std::vector<std::string> fields;
  int line = 0;
};

std::string trim_unquoted(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

}  // namespace

Table parse_csv(std::string_view text, const std::string& file) {
  core::DiagnosticList diags;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  std::size_t bad = 0;
  if (!core::decode_utf8(text, &bad)) {
    int line = 1;
    for (std::size_t i = 0; i < bad; ++i) line += text[i] == '\n';
    throw core::UserError(core::ExitCode::data_error, core::SourceLocation{file, line, 0},
                          "invalid UTF-8 (byte offset " + std::to_string(bad) + ")",
                          "decode the file first (data::decode_text)");
  }

  std::vector<Record> records;
  Record rec;
  std::string field;
  bool quoted = false;       // inside a quoted field
  bool was_quoted = false;   // the current field was quoted
  bool after_quote = false;  // just closed a quoted field
  bool record_open = false;  // something was read in this record
  int line = 1;
  int quote_line = 0;
  rec.line = 1;

  auto end_field = [&] {
    if (field.size() > max_field_bytes) {
      diags.error({file, rec.line, 0},
                  "field " + std::to_string(rec.fields.size() + 1) + " holds " +
                      std::to_string(field.size()) + " bytes (at most " +
                      std::to_string(max_field_bytes / 1024) + " KiB)",
                  "a cell of a statistical table is a figure or a short name");
      field.clear();
    }
    rec.fields.push_back(normalize_cell(was_quoted ? field : trim_unquoted(std::move(field))));
    field.clear();
    was_quoted = after_quote = false;
  };
  auto end_record = [&] {
    if (record_open) {
      end_field();
      records.push_back(std::move(rec));
    }
    rec = Record{};
    record_open = false;
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
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
        if (c == '\n' || (c == '\r' && !(i + 1 < text.size() && text[i + 1] == '\n'))) ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      ++line;
      rec.line = line;
      continue;
    }
    if (!record_open) {
      record_open = true;
      rec.line = line;
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

  Table table;
  table.file = file;
  std::set<std::string> names;
  for (std::size_t c = 0; c < records[0].fields.size(); ++c) {
    const std::string& name = records[0].fields[c];
    if (name.empty())
      diags.error({file, records[0].line, 0},
                  "column " + std::to_string(c + 1) + " has no name in the header row");
    else if (!names.insert(name).second)
      diags.error({file, records[0].line, 0},
                  "duplicate column name '" + name + "' in the header row");
    table.columns.push_back(name);
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    Record& record = records[r];
    if (record.fields.size() != table.columns.size()) {
      diags.error({file, record.line, 0}, "row has " + std::to_string(record.fields.size()) +
                                              " fields, the header has " +
                                              std::to_string(table.columns.size()));
      continue;
    }
    table.rows.push_back(Row{std::move(record.fields), record.line});
  }
  diags.throw_if_errors(core::ExitCode::data_error);
  return table;
}

}  // namespace jb::data
