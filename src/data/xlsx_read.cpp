// data: an .xlsx or .xlsm workbook's sheet: its parts read from the zip archive with libzip
// (from memory) and parsed as they are inflated, in chunks, by expat. Every part is held to a
// size however large its entry says it is (a zip bomb stops there) and a number of elements,
// every XML token to a length (expat buffers a whole tag), and a DOCTYPE is refused (entities
// that expand without bound).
#include <expat.h>
#include <zip.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <set>

#include "data/workbook_cells.hpp"

namespace jb::data::workbook {

namespace {

// A sheet's or the shared strings' XML: inflating and parsing 128 MiB takes about 1 s (a sheet
// of some 3 million cells, as max_elements allows).
constexpr std::size_t max_part_bytes = 128u << 20;
constexpr std::size_t max_small_part_bytes = 16u << 20;  // workbook.xml, its rels, styles
constexpr std::size_t max_shared_strings = 4'000'000;
constexpr std::size_t max_shared_bytes = 64u << 20;
constexpr std::size_t max_formula_bytes = 64u << 10;
// expat scans a token it holds again with each chunk: 1 MiB in chunks of 64 KiB is 8 MiB read.
constexpr std::size_t max_token_bytes = 1u << 20;
constexpr std::size_t max_sheets = 10'000;
constexpr std::size_t max_entries = 100'000;  // a workbook has dozens
constexpr std::size_t max_styles = 100'000;
constexpr int max_depth = 256;
// Each element costs expat and its handler some 0.17 µs: 8 million (a sheet of some 3 million
// cells with values) take under 1.5 s, where the 33 million <x/> of 128 MiB would take 6.
constexpr std::size_t max_elements = 8'000'000;

core::Text too_large_hint() {
  return core::say(
      "a sheet of a statistical table is far smaller; save the table alone in a new workbook");
}

core::Text damaged_hint() {
  return core::say("the workbook is damaged: open it in Excel or LibreOffice and save it again");
}

core::UserError damaged(const core::SourceLocation& at, const core::Text& what) {
  return core::UserError(core::ExitCode::data_error, at, what, damaged_hint());
}

// The archive, opened from the file's bytes (which outlive it).
class Archive {
 public:
  Archive(const std::string& bytes, const std::string& file) : file_(file) {
    refuse_many_entries(bytes);
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source) zip_ = zip_open_from_source(source, ZIP_RDONLY, &error);
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    if (zip_) return;
    if (source) zip_source_free(source);
    throw damaged(core::SourceLocation(file),
                  core::say("the workbook's zip archive cannot be read ({})", why));
  }
  ~Archive() { zip_discard(zip_); }  // read only: nothing to write back
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  // libzip holds some 360 bytes for each entry of the central directory, which 64 MiB of
  // file can make 1.2 million: the entries' signatures are counted before it reads them.
  void refuse_many_entries(const std::string& bytes) const {
    constexpr std::string_view signature("PK\x01\x02");
    std::size_t n = 0;
    for (std::size_t at = bytes.find(signature); at != std::string::npos;
         at = bytes.find(signature, at + signature.size()))
      if (++n > max_entries)
        throw core::UserError(core::ExitCode::data_error, core::SourceLocation(file_),
                              core::say("the workbook's zip archive has more than {} entries, "
                                        "as no workbook has",
                                        max_entries),
                              too_large_hint());
  }

  // A part's entry (part names are case-insensitive).
  std::optional<zip_uint64_t> find(const std::string& part) const {
    const zip_int64_t i = zip_name_locate(zip_, part.c_str(), ZIP_FL_NOCASE);
    return i < 0 ? std::nullopt : std::optional<zip_uint64_t>(static_cast<zip_uint64_t>(i));
  }

  // Hands the part's bytes to `sink` as they are inflated, at most `cap` of them.
  template <typename Sink>
  void read(zip_uint64_t entry, const std::string& part, std::size_t cap, Sink&& sink) const {
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> f(zip_fopen_index(zip_, entry, 0),
                                                        zip_fclose);
    if (!f)
      throw damaged(core::SourceLocation(file_),
                    core::say("cannot read {} from the workbook ({})", part, zip_strerror(zip_)));
    std::vector<char> chunk(64u << 10);
    std::size_t total = 0;
    for (;;) {
      const zip_int64_t n = zip_fread(f.get(), chunk.data(), chunk.size());
      if (n < 0)
        throw damaged(
            core::SourceLocation(file_),
            core::say("cannot read {} from the workbook ({})", part, zip_file_strerror(f.get())));
      if (n == 0) return;
      if ((total += static_cast<std::size_t>(n)) > cap)
        throw core::UserError(core::ExitCode::data_error, core::SourceLocation(file_),
                              core::say("{} inflates to more than {} MiB of XML: refused as a "
                                        "zip bomb, not a sheet of a table",
                                        part, cap >> 20),
                              too_large_hint());
      sink(chunk.data(), static_cast<std::size_t>(n));
    }
  }

 private:
  std::string file_;
  zip_t* zip_ = nullptr;
};

// A part's elements, by their local names (namespaces dropped: strict and transitional
// SpreadsheetML read alike).
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const XML_Char** attrs) = 0;
  virtual void end(std::string_view) {}
  virtual void text(std::string_view) {}
};

std::string_view local(const XML_Char* name) {
  const std::string_view s(name);
  const std::size_t sep = s.rfind(' ');
  return sep == std::string_view::npos ? s : s.substr(sep + 1);
}

std::string_view attr(const XML_Char** attrs, std::string_view name) {
  for (; *attrs; attrs += 2)
    if (local(attrs[0]) == name) return attrs[1];
  return {};
}

bool has_attr(const XML_Char** attrs, std::string_view name) {
  for (; *attrs; attrs += 2)
    if (local(attrs[0]) == name) return true;
  return false;
}

int int_attr(const XML_Char** attrs, std::string_view name, int otherwise = -1) {
  const std::string_view v = attr(attrs, name);
  if (v.empty() || v.size() > 9) return otherwise;
  int n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return otherwise;
    n = n * 10 + (c - '0');
  }
  return n;
}

// The longest stretch expat must hold at once: a tag (to its '>' outside quotes), a comment or
// a processing instruction or CDATA section. Text between tags it hands over as it goes, however
// long.
class TokenGuard {
 public:
  // False when a token has grown past max_token_bytes.
  bool feed(const char* data, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      if (state_ == State::text) {  // to the next tag at once: text is most of a bomb
        const void* lt = std::memchr(data + i, '<', n - i);
        if (!lt) break;
        i = static_cast<std::size_t>(static_cast<const char*>(lt) - data);
      }
      const char c = data[i];
      tail_ = static_cast<std::uint32_t>((tail_ << 8) | static_cast<unsigned char>(c));
      switch (state_) {
        case State::text:
          if (c == '<') state_ = State::tag, length_ = 0, quote_ = 0;
          continue;
        case State::tag:
          if (length_ == 0 && c == '?')
            state_ = State::pi;
          else if (length_ == 1 && (tail_ & 0xFFFFFFu) == 0x3C212D)  // <!-
            state_ = State::comment;
          else if (length_ == 1 && (tail_ & 0xFFFFFFu) == 0x3C215B)  // <![
            state_ = State::cdata;
          else if (quote_ ? c == quote_ : (c == '"' || c == '\''))
            quote_ = quote_ ? 0 : c;
          else if (c == '>' && !quote_)
            state_ = State::text;
          break;
        case State::comment:
          if ((tail_ & 0xFFFFFFu) == 0x2D2D3E) state_ = State::text;  // -->
          break;
        case State::cdata:
          if ((tail_ & 0xFFFFFFu) == 0x5D5D3E) state_ = State::text;  // ]]>
          break;
        case State::pi:
          if ((tail_ & 0xFFFFu) == 0x3F3E) state_ = State::text;  // ?>
          break;
      }
      if (++length_ > max_token_bytes) return false;
    }
    return true;
  }

 private:
  enum class State { text, tag, comment, cdata, pi };
  State state_ = State::text;
  std::size_t length_ = 0;
  std::uint32_t tail_ = 0;
  char quote_ = 0;
};

struct ParseState {
  XML_Parser parser;
  XmlHandler* handler;
  const core::SourceLocation* at;
  const std::string* part;
  std::exception_ptr error;
  int depth = 0;
  std::size_t elements = 0;
};

void stop(ParseState& st, std::exception_ptr e) {
  if (!st.error) st.error = std::move(e);
  XML_StopParser(st.parser, XML_FALSE);
}

void XMLCALL on_start(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto& st = *static_cast<ParseState*>(data);
  if (st.error) return;
  if (++st.depth > max_depth)
    return stop(st, std::make_exception_ptr(
                        damaged(*st.at, core::say("{} nests its elements more than {} deep, as no "
                                                  "workbook does",
                                                  *st.part, max_depth))));
  if (++st.elements > max_elements)
    return stop(st, std::make_exception_ptr(core::UserError(
                        core::ExitCode::data_error, *st.at,
                        core::say("{} has more than {} million XML elements: refused as a zip "
                                  "bomb, not a sheet of a table",
                                  *st.part, max_elements / 1'000'000),
                        too_large_hint())));
  try {
    st.handler->start(local(name), attrs);
  } catch (...) {
    stop(st, std::current_exception());
  }
}

void XMLCALL on_end(void* data, const XML_Char* name) {
  auto& st = *static_cast<ParseState*>(data);
  if (st.error) return;
  --st.depth;
  try {
    st.handler->end(local(name));
  } catch (...) {
    stop(st, std::current_exception());
  }
}

void XMLCALL on_text(void* data, const XML_Char* s, int len) {
  auto& st = *static_cast<ParseState*>(data);
  if (st.error) return;
  try {
    st.handler->text(std::string_view(s, static_cast<std::size_t>(len)));
  } catch (...) {
    stop(st, std::current_exception());
  }
}

// A DOCTYPE may declare entities that expand a few bytes into gigabytes ("billion laughs");
// SpreadsheetML never has one.
void XMLCALL on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto& st = *static_cast<ParseState*>(data);
  stop(st, std::make_exception_ptr(damaged(
               *st.at, core::say("{} declares a DOCTYPE, which no workbook's XML has: refused "
                                 "(its entities could expand without bound)",
                                 *st.part))));
}

// Parses a part as it is inflated. Throws core::UserError at `at` when it is missing (if
// `required`), too large, or not well-formed, or what the handler threw.
void parse_part(const Archive& zip, const std::string& part, std::size_t cap, XmlHandler& handler,
                const core::SourceLocation& at, bool required = true) {
  const auto entry = zip.find(part);
  if (!entry) {
    if (!required) return;
    throw damaged(at, core::say("the workbook has no {}", part));
  }
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, void (*)(XML_Parser)> parser(
      XML_ParserCreateNS(nullptr, ' '), XML_ParserFree);
  if (!parser) throw std::bad_alloc();
  ParseState st{parser.get(), &handler, &at, &part, nullptr};
  XML_SetUserData(parser.get(), &st);
  XML_SetElementHandler(parser.get(), on_start, on_end);
  XML_SetCharacterDataHandler(parser.get(), on_text);
  XML_SetStartDoctypeDeclHandler(parser.get(), on_doctype);
  TokenGuard guard;
  auto feed = [&](const char* data, std::size_t n, bool last) {
    if (!guard.feed(data, n))
      throw damaged(at, core::say("{} holds an XML tag or comment longer than {} MiB, as no "
                                  "workbook does",
                                  part, max_token_bytes >> 20));
    if (XML_Parse(parser.get(), data, static_cast<int>(n), last) == XML_STATUS_OK) return;
    if (st.error) std::rethrow_exception(st.error);
    throw damaged(at, core::say("{} is not well-formed XML (line {}: {})", part,
                                XML_GetCurrentLineNumber(parser.get()),
                                XML_ErrorString(XML_GetErrorCode(parser.get()))));
  };
  zip.read(*entry, part, cap, [&](const char* data, std::size_t n) { feed(data, n, false); });
  feed(nullptr, 0, true);
}

// Excel writes a control character in a string as _x000D_ (and an _x as _x005F_x).
void unescape_x(std::string& s) {
  if (s.find("_x") == std::string::npos) return;
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned cp = 0;
    bool hex = i + 6 < s.size() + 0 && s.compare(i, 2, "_x") == 0 && s[i + 6] == '_';
    for (std::size_t k = 2; hex && k < 6; ++k) {
      const char c = s[i + k];
      const int v = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
      hex = v >= 0;
      cp = cp * 16 + static_cast<unsigned>(v);
    }
    if (!hex) {
      out += s[i];
      continue;
    }
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6)), out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    i += 6;
  }
  s = std::move(out);
}

// xl/workbook.xml: the sheets in tab order, and the date system.
struct WorkbookInfo : XmlHandler {
  struct Sheet {
    std::string name, rel;
  };
  std::vector<Sheet> sheets;
  bool date1904 = false;
  const core::SourceLocation* at = nullptr;
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "workbookPr") {
      const std::string_view v = attr(attrs, "date1904");
      date1904 = v == "1" || v == "true";
    } else if (name == "sheet") {
      if (sheets.size() >= max_sheets)
        throw damaged(*at, core::say("the workbook has too many sheets"));
      sheets.push_back({std::string(attr(attrs, "name")), std::string(attr(attrs, "id"))});
    }
  }
};

// xl/_rels/workbook.xml.rels: each relationship's type and target.
struct Relationships : XmlHandler {
  struct Rel {
    std::string type, target;
    bool external = false;
  };
  std::map<std::string, Rel> by_id;
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name != "Relationship" || by_id.size() >= max_sheets * 2) return;
    by_id[std::string(attr(attrs, "Id"))] = {std::string(attr(attrs, "Type")),
                                             std::string(attr(attrs, "Target")),
                                             attr(attrs, "TargetMode") == "External"};
  }
};

// xl/styles.xml: how each cell style (a cell's s=) shows a number.
struct Styles : XmlHandler {
  std::map<int, Shown> formats;  // the workbook's own numFmts, by id
  std::vector<int> xf_formats;   // cellXfs: each style's numFmtId
  bool in_cell_xfs = false;
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "numFmt" && formats.size() < max_styles)
      formats[int_attr(attrs, "numFmtId")] = shown_by_code(attr(attrs, "formatCode"));
    else if (name == "cellXfs")
      in_cell_xfs = true;
    else if (name == "xf" && in_cell_xfs && xf_formats.size() < max_styles)
      xf_formats.push_back(int_attr(attrs, "numFmtId", 0));
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs = false;
  }
  std::vector<Shown> shown() const {
    std::vector<Shown> out;
    for (const int id : xf_formats) {
      const auto own = formats.find(id);
      out.push_back(own != formats.end() ? own->second : shown_by_id(id));
    }
    return out;
  }
};

// xl/sharedStrings.xml: each <si>'s text, its rich text runs joined and its phonetic guide
// (<rPh>) left out.
struct SharedStrings : XmlHandler {
  std::string pool;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> strings;  // start, size in the pool
  const core::SourceLocation* at = nullptr;
  std::string current;
  bool in_t = false;
  int in_rph = 0;
  void start(std::string_view name, const XML_Char**) override {
    if (name == "si") current.clear();
    in_t = name == "t" || in_t;
    in_rph += name == "rPh";
  }
  void text_of(std::string_view s) {
    if (current.size() + s.size() > max_cell_bytes)
      throw core::UserError(core::ExitCode::data_error, *at,
                            core::say("a shared string of the workbook holds more than {} KiB of "
                                      "text",
                                      max_cell_bytes >> 10),
                            core::say("a cell of a statistical table is a figure or a short name"));
    current.append(s);
  }
  void text(std::string_view s) override {
    if (in_t && in_rph == 0) text_of(s);
  }
  void end(std::string_view name) override {
    if (name == "t") in_t = false;
    if (name == "rPh") --in_rph;
    if (name != "si") return;
    if (strings.size() >= max_shared_strings || pool.size() + current.size() > max_shared_bytes)
      throw core::UserError(core::ExitCode::data_error, *at,
                            core::say("the workbook's shared strings are more than {} million or "
                                      "{} MiB of text",
                                      max_shared_strings / 1'000'000, max_shared_bytes >> 20),
                            too_large_hint());
    unescape_x(current);
    strings.emplace_back(static_cast<std::uint32_t>(pool.size()),
                         static_cast<std::uint32_t>(current.size()));
    pool += current;
  }
  std::string_view at_index(std::size_t i) const {
    return std::string_view(pool).substr(strings[i].first, strings[i].second);
  }
};

// A formula that reads another workbook ([1]Sheet1!A1, '[1]My sheet'!A1, [1]!Name): a number
// in brackets outside string literals and outside a structured reference's brackets
// (Table1[[#This Row],[1]]), not after a name (Table1[1]).
bool refers_to_other_workbook(std::string_view f) {
  int depth = 0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const char c = f[i];
    if (c == '"') {
      const std::size_t end = f.find('"', i + 1);
      if (end == std::string_view::npos) return false;
      i = end;
    } else if (c == '[') {
      const bool after_name = i > 0 && (std::isalnum(static_cast<unsigned char>(f[i - 1])) ||
                                        f[i - 1] == '_' || f[i - 1] == '.' || f[i - 1] == ']' ||
                                        static_cast<unsigned char>(f[i - 1]) >= 0x80);
      std::size_t k = i + 1;
      while (k < f.size() && f[k] >= '0' && f[k] <= '9') ++k;
      if (depth == 0 && !after_name && k > i + 1 && k < f.size() && f[k] == ']') return true;
      ++depth;
    } else if (c == ']') {
      depth = std::max(0, depth - 1);
    }
  }
  return false;
}

// The part a relationship's target names: relative to xl/, or to the package's root when it
// starts with '/' (as openpyxl writes it). A URI (file:///etc/passwd, http://…), a Windows
// path, or one that climbs out of the archive with .. names no part of it: nullopt.
std::optional<std::string> part_name(std::string_view target) {
  if (target.empty() || target.find_first_of(":\\") != std::string_view::npos) return std::nullopt;
  const std::string path =
      target[0] == '/' ? std::string(target.substr(1)) : "xl/" + std::string(target);
  std::vector<std::string> parts;
  std::size_t from = 0;
  while (from <= path.size()) {
    const std::size_t slash = std::min(path.find('/', from), path.size());
    const std::string piece = path.substr(from, slash - from);
    if (piece == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else if (!piece.empty() && piece != ".") {
      parts.push_back(piece);
    }
    from = slash + 1;
  }
  if (parts.empty()) return std::nullopt;
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

// A worksheet's cells with values and its merged ranges, into SheetCells; what is wrong with a
// cell's value (an error value, a formula without its value) goes to `problems`, at the cell.
class SheetReader : public XmlHandler {
 public:
  struct Context {
    const SharedStrings& strings;
    const std::vector<Shown>& styles;
    bool date1904;
    const Table& table;
    const Area& area;
    const core::SourceLocation& sheet_at;
  };
  SheetReader(const Context& context, SheetCells& cells, core::DiagnosticList& problems)
      : ctx_(context), cells_(cells), problems_(problems) {}

  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "sheetData") {
      in_data_ = true;
    } else if (in_data_ && name == "row") {
      const int r = int_attr(attrs, "r", row_ + 1);
      if (r < 1 || r > excel_rows)
        throw damaged(ctx_.sheet_at, core::say("a row is numbered {}", attr(attrs, "r")));
      row_ = r, col_ = 0;
    } else if (in_data_ && name == "c") {
      start_cell(attrs);
    } else if (in_cell_) {
      start_in_cell(name, attrs);
    } else if (name == "mergeCell") {
      const auto a = parse_area(attr(attrs, "ref"));
      if (!a)
        throw damaged(ctx_.sheet_at,
                      core::say("a merged range is '{}'", core::excerpt(attr(attrs, "ref"))));
      cells_.merge(a->row1, a->col1, a->row2, a->col2);
    }
  }

  void text(std::string_view s) override {
    std::string* to = in_v_ ? &v_ : in_f_ ? &f_ : in_t_ && rph_ == 0 ? &is_ : nullptr;
    if (!to) return;
    const std::size_t cap = to == &f_ ? max_formula_bytes : max_cell_bytes;
    if (to->size() + s.size() > cap) {
      too_long_ |= to != &f_;
      return;
    }
    to->append(s);
  }

  void end(std::string_view name) override {
    if (name == "sheetData") in_data_ = false;
    if (!in_cell_) return;
    if (name == "v") in_v_ = false;
    if (name == "t") in_t_ = false;
    if (name == "rPh") --rph_;
    if (name == "f") end_formula();
    if (name == "c") end_cell();
  }

 private:
  void start_cell(const XML_Char** attrs) {
    in_cell_ = true;
    in_v_ = in_f_ = in_t_ = has_v_ = has_f_ = too_long_ = external_ = false;
    rph_ = 0;
    v_.clear(), f_.clear(), is_.clear();
    type_ = attr(attrs, "t");
    style_ = int_attr(attrs, "s", 0);
    shared_ = -1;
    if (has_attr(attrs, "r")) {
      const auto ref = parse_cell_ref(attr(attrs, "r"));
      if (!ref)
        throw damaged(ctx_.sheet_at,
                      core::say("a cell is named '{}'", core::excerpt(attr(attrs, "r"))));
      row_ = ref->row, col_ = ref->col;
    } else if (++col_ > excel_columns || row_ == 0) {
      throw damaged(ctx_.sheet_at, core::say("a cell lies outside the sheet"));
    }
  }

  void start_in_cell(std::string_view name, const XML_Char** attrs) {
    if (name == "v") {
      in_v_ = has_v_ = true;
    } else if (name == "f") {
      in_f_ = has_f_ = true;
      shared_ = attr(attrs, "t") == "shared" ? int_attr(attrs, "si") : -1;
    } else if (name == "t") {
      in_t_ = true;
    } else if (name == "rPh") {
      ++rph_;
    }
  }

  // A formula names another workbook, or (shared from a cell above: <f t="shared" si="0"/>)
  // its first cell's formula did.
  void end_formula() {
    in_f_ = false;
    if (!f_.empty()) {
      external_ = refers_to_other_workbook(f_);
      if (shared_ >= 0 && external_) external_shared_.insert(shared_);
    } else if (shared_ >= 0) {
      external_ = external_shared_.count(shared_) > 0;
    }
  }

  void end_cell() {
    in_cell_ = false;
    core::Text message, hint;
    const std::optional<std::string> value = cell_value(message, hint);
    if (!message.empty()) {
      if (ctx_.area.contains(row_, col_)) problems_.error(ctx_.table.at(row_, col_), message, hint);
      return;
    }
    if (value) cells_.add(row_, col_, *value);
  }

  std::optional<std::string> cell_value(core::Text& message, core::Text& hint) const;
  std::optional<std::string> number(core::Text& message, core::Text& hint) const;

  Context ctx_;
  SheetCells& cells_;
  core::DiagnosticList& problems_;
  bool in_data_ = false, in_cell_ = false, in_v_ = false, in_f_ = false, in_t_ = false;
  bool has_v_ = false, has_f_ = false, too_long_ = false, external_ = false;
  int rph_ = 0, row_ = 0, col_ = 0, style_ = 0, shared_ = -1;
  std::string type_, v_, f_, is_;
  std::set<int> external_shared_;
};

std::optional<std::string> SheetReader::cell_value(core::Text& message, core::Text& hint) const {
  auto fail = [&](core::Text m, core::Text h) -> std::optional<std::string> {
    message = std::move(m), hint = std::move(h);
    return std::nullopt;
  };
  if (too_long_)
    return fail(core::say("the cell holds more than {} KiB of text", max_cell_bytes >> 10),
                core::say("a cell of a statistical table is a figure or a short name"));
  if (external_)
    return fail(core::say("the cell's formula reads another workbook ({})", core::excerpt(f_)),
                core::say("its value comes from a file that may have changed since: copy the "
                          "cells and paste them as values (Paste Special > Values), then save"));
  if (type_ == "e") {
    const std::string error = core::excerpt(v_.empty() ? "#VALUE!" : v_);
    return fail(has_f_ ? core::say("the cell holds the error value {} (its formula: {})", error,
                                   core::excerpt(f_))
                       : core::say("the cell holds the error value {}", error),
                core::say("correct the formula or the figures it reads, or clear the cell"));
  }
  if (type_ == "inlineStr") {
    std::string s = is_;
    unescape_x(s);
    return s;
  }
  if (has_f_ && (!has_v_ || (v_.empty() && type_ != "str")))
    return fail(
        core::say("the cell's formula has no computed value saved with it ({})", core::excerpt(f_)),
        core::say("open and save the workbook in Excel or LibreOffice so that it computes its "
                  "values"));
  if (!has_v_ || (v_.empty() && type_ != "s")) return std::nullopt;  // a style, no value
  if (type_ == "s") {
    const std::size_t n = ctx_.strings.strings.size();
    std::size_t i = 0;
    for (const char c : v_)
      i = c >= '0' && c <= '9' && i <= n ? i * 10 + static_cast<std::size_t>(c - '0') : n + 1;
    if (v_.empty() || i >= n)
      return fail(core::say("the cell names shared string {}, which the workbook does not have "
                            "(it has {})",
                            core::excerpt(v_), n),
                  damaged_hint());
    return std::string(ctx_.strings.at_index(i));
  }
  if (type_ == "str") {
    std::string s = v_;
    unescape_x(s);
    return s;
  }
  if (type_ == "b") {
    if (v_ == "1" || v_ == "0") return std::string(v_ == "1" ? "TRUE" : "FALSE");
    return fail(core::say("the cell holds '{}', which is not TRUE or FALSE", core::excerpt(v_)),
                damaged_hint());
  }
  if (type_ == "n" || type_ == "d" || type_.empty()) return number(message, hint);
  return fail(
      core::say("the cell's type is '{}', which Excel does not write", core::excerpt(type_)),
      damaged_hint());
}

// A number (or an ISO 8601 date, t="d") as the cell's format shows it.
std::optional<std::string> SheetReader::number(core::Text& message, core::Text& hint) const {
  const Shown shown = style_ >= 0 && static_cast<std::size_t>(style_) < ctx_.styles.size()
                          ? ctx_.styles[static_cast<std::size_t>(style_)]
                          : Shown::number;
  if (type_ == "d") {
    int y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = 0;
    const int n = std::sscanf(v_.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &m, &d, &hh, &mm, &ss);
    if (n < 3 || m < 1 || m > 12 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 59) {
      message = core::say("the cell holds '{}', which is not a date", core::excerpt(v_));
      hint = damaged_hint();
      return std::nullopt;
    }
    const int seconds = hh * 3600 + mm * 60 + ss;
    const Shown as = shown == Shown::number || shown == Shown::percent
                         ? (seconds ? Shown::date_time : Shown::date)
                         : shown;
    return date_text(y, m, d, seconds, as);
  }
  if (shown == Shown::number || shown == Shown::percent) {
    const auto text = decimal_text(v_, shown == Shown::percent ? 2 : 0);
    if (text) return shown == Shown::percent ? *text + "%" : *text;
    message = core::say("the cell holds '{}', which is not a number", core::excerpt(v_));
    hint = damaged_hint();
    return std::nullopt;
  }
  if (const auto text = serial_text(v_, shown, ctx_.date1904)) return text;
  message = core::say(
      "the cell is formatted as a date, but {} is not a date Excel can show "
      "(before 1900 or after 9999)",
      core::excerpt(v_));
  hint = core::say("enter the date, or format the cell as a number");
  return std::nullopt;
}

// The part of the relationship `id` of xl/workbook.xml, of the type that ends `/type`; or
// `otherwise` when the workbook has none.
std::string rel_part(const Relationships& rels, std::string_view type,
                     const std::string& otherwise) {
  for (const auto& [id, rel] : rels.by_id)
    if (rel.type.ends_with(type) && !rel.external)
      if (const auto part = part_name(rel.target)) return *part;
  return otherwise;
}

// The chosen sheet's part, checked.
std::string sheet_part(const spec::DataSourceSpec& source, const WorkbookInfo::Sheet& sheet,
                       const Relationships& rels, const core::SourceLocation& at) {
  const std::string& name = sheet.name;
  if (const std::size_t bad = name.find_first_of(":\\/?*[]"); bad != std::string::npos)
    throw damaged(at, core::say("sheet '{}' has a character no sheet's name may have ({})", name,
                                name.substr(bad, 1)));
  const auto rel = rels.by_id.find(sheet.rel);
  if (rel == rels.by_id.end())
    throw damaged(at, core::say("sheet '{}' has no part in the workbook", name));
  if (!rel->second.type.ends_with("/worksheet")) {
    const bool chart = rel->second.type.ends_with("/chartsheet");
    throw core::UserError(
        source.sheet.empty() ? core::ExitCode::data_error : core::ExitCode::invalid_spec,
        source.sheet.empty() ? at : source.sheet_where,
        chart ? core::say("sheet '{}' is a chart, not a sheet of cells", name)
              : core::say("sheet '{}' is not a worksheet, not a sheet of cells", name),
        core::say("sheet: names the sheet that holds the table's cells"));
  }
  const auto part = rel->second.external ? std::nullopt : part_name(rel->second.target);
  if (!part)
    throw core::UserError(
        core::ExitCode::data_error, at,
        core::say("the part of sheet '{}' is '{}', outside the workbook: refused", name,
                  core::excerpt(rel->second.target)),
        core::say("a workbook keeps its sheets inside itself; save the table in a new workbook"));
  return *part;
}

}  // namespace

Records read_xlsx(const spec::DataSourceSpec& source, const std::string& bytes, const Area& area,
                  Table& table) {
  const core::SourceLocation at(table.file);
  const Archive zip(bytes, table.file);
  if (!zip.find("xl/workbook.xml"))
    throw core::UserError(
        core::ExitCode::data_error, at,
        core::say(
            "the file is a zip archive but not an Excel workbook (it has no xl/workbook.xml)"),
        core::say("a Word document or another kind of file named .xlsx? Save the table from Excel "
                  "as an Excel Workbook (.xlsx)"));
  WorkbookInfo info;
  info.at = &at;
  parse_part(zip, "xl/workbook.xml", max_small_part_bytes, info, at);
  std::vector<std::string> names;
  for (const auto& s : info.sheets) names.push_back(s.name);
  const std::size_t chosen = choose_sheet(source, table.file, names);
  Relationships rels;
  parse_part(zip, "xl/_rels/workbook.xml.rels", max_small_part_bytes, rels, at);
  const std::string part = sheet_part(source, info.sheets[chosen], rels, at);
  table.sheet = names[chosen];

  Styles styles;
  parse_part(zip, rel_part(rels, "/styles", "xl/styles.xml"), max_small_part_bytes, styles, at,
             false);
  SharedStrings strings;
  strings.at = &at;
  parse_part(zip, rel_part(rels, "/sharedStrings", "xl/sharedStrings.xml"), max_part_bytes, strings,
             at, false);

  const core::SourceLocation sheet_at(table.file, 0, 0, table.sheet);
  const std::vector<Shown> shown = styles.shown();
  SheetCells cells(table, area, part);
  core::DiagnosticList problems;
  SheetReader reader({strings, shown, info.date1904, table, area, sheet_at}, cells, problems);
  parse_part(zip, part, max_part_bytes, reader, sheet_at);
  problems.throw_if_errors(core::ExitCode::data_error);
  return cells.records(table);
}

}  // namespace jb::data::workbook
