#include "data/csv.hpp"

#include <algorithm>
#include <set>

#include "core/trim.hpp"
#include "core/utf8.hpp"
#include "data/number.hpp"
#include "data/period.hpp"
#include "data/records.hpp"

namespace jb::data {

namespace {

constexpr std::size_t max_field_bytes = 64 * 1024;

// A CSV text that is not UTF-8 (data::decode_text makes it so) is refused at its first bad byte.
void refuse_invalid_utf8(std::string_view text, const std::string& file) {
  std::size_t bad = 0;
  if (core::valid_utf8(text, &bad)) return;
  int line = 1;
  for (std::size_t i = 0; i < bad; ++i) line += text[i] == '\n';
  throw core::UserError(core::ExitCode::data_error, core::SourceLocation{file, line, 0},
                        core::say("invalid UTF-8 (byte offset {})", bad),
                        core::say("decode the file first (data::decode_text)"));
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
      diags_.error({file_, quote_line_, 0},
                   core::say("a quoted field is never closed (missing '\"')"));
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
        diags_.error({file_, line_, 0}, core::say("unexpected text after a closing quote"),
                     core::say("a quote inside a quoted field is written twice: \"\""));
    } else {
      field_.push_back(c);
    }
  }

  void end_field() {
    if (field_.size() > max_field_bytes) {
      diags_.error({file_, record_line_, 0},
                   core::say("field {} holds {} bytes (at most {} KiB)", cells_ + 1, field_.size(),
                             max_field_bytes / 1024),
                   core::say("a cell of a statistical table is a figure or a short name"));
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

}  // namespace

Table parse_csv(std::string_view text, const std::string& file, const CsvOptions& options) {
  core::DiagnosticList diags;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  refuse_invalid_utf8(text, file);

  Table table;
  table.file = file;
  Records records;
  records.rows = RecordReader(file, *table.store, diags).read(text);
  diags.throw_if_errors(core::ExitCode::data_error);
  shape_table(std::move(records), ShapeOptions{options.header_row, options.header_row_where},
              table);
  return table;
}

}  // namespace jb::data
