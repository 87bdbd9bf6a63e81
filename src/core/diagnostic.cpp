#include "core/diagnostic.hpp"

#include "core/utf8.hpp"

namespace jb::core {

namespace {
constexpr std::size_t max_message_chars = 1000;  // a backstop: quoted values are excerpts
}

std::string excerpt(std::string_view text, std::size_t max_chars) {
  // Counted in characters where the text is UTF-8, else in bytes.
  std::size_t chars = 0, i = 0;
  while (i < text.size() && chars < max_chars) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    if (i + len > text.size() || !decode_utf8(text.substr(i, len))) len = 1;
    i += len, ++chars;
  }
  if (i >= text.size()) return std::string(text);
  return std::string(text.substr(0, i)) + "…";
}

std::string escape_controls(std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else if (c == 0xc2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9f) {  // U+0080..U+009F
      const auto low = static_cast<unsigned char>(text[++i]);
      out += "\\u00";
      out += hex[low >> 4];
      out += hex[low & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// A sheet's column as Excel names it: 1 is A, 27 is AA.
std::string column_letters(int column) {
  std::string out;
  for (; column > 0; column = (column - 1) / 26)
    out.insert(out.begin(), static_cast<char>('A' + (column - 1) % 26));
  return out;
}

std::string to_string(const SourceLocation& where) {
  if (where.file.empty()) return {};
  std::string out = where.file;
  if (!where.sheet.empty()) {
    out += ':' + where.sheet;
    if (where.line > 0 && where.column > 0)
      out += '!' + column_letters(where.column) + std::to_string(where.line);
    else if (where.line > 0)
      out += '!' + std::to_string(where.line) + ':' + std::to_string(where.line);
    return out;
  }
  if (where.line > 0) out += ':' + std::to_string(where.line);
  if (where.line > 0 && where.column > 0) out += ':' + std::to_string(where.column);
  return out;
}

std::string format_diagnostic(const Diagnostic& d) {
  std::string out;
  if (!d.where.file.empty()) out += escape_controls(to_string(d.where)) + ": ";
  out += d.severity == Severity::error ? tr("error: ") : tr("warning: ");
  if (count_code_points(d.message) > max_message_chars)
    out += escape_controls(excerpt(d.message, max_message_chars)) + tr(" (shortened)");
  else
    out += escape_controls(d.message);
  if (!d.hint.empty()) out += std::string("\n  ") + tr("hint: ") + escape_controls(d.hint);
  return out;
}

namespace {
std::string summary(const std::vector<Diagnostic>& ds) {
  if (ds.empty()) return "user error";
  std::string s = format_diagnostic(ds.front());
  if (ds.size() > 1) s += say(" (and {} more)", ds.size() - 1).str();
  return s;
}

// Which of two codes errors call for decides: a file that cannot be read explains what follows
// from it, a spec that is wrong explains wrong data.
int rank(ExitCode code) {
  return code == ExitCode::missing_input || code == ExitCode::unavailable ? 2
         : code == ExitCode::invalid_spec                                 ? 1
                                                                          : 0;
}

ExitCode combined(ExitCode so_far, ExitCode next) {
  return so_far == ExitCode::ok || rank(next) > rank(so_far) ? next : so_far;
}

}  // namespace

ExitCode exit_code_of(const std::vector<Diagnostic>& diagnostics) {
  ExitCode code = ExitCode::ok;
  for (const auto& d : diagnostics)
    if (d.severity == Severity::error) code = combined(code, d.code);
  return code;
}

UserError::UserError(ExitCode code, std::vector<Diagnostic> diagnostics)
    : std::runtime_error(summary(diagnostics)), code_(code), diagnostics_(std::move(diagnostics)) {
  for (auto& d : diagnostics_)
    if (d.severity == Severity::error) d.code = code;
}

UserError::UserError(ExitCode code, SourceLocation where, const Text& message, const Text& hint)
    : UserError(code, std::vector<Diagnostic>{make_diagnostic(Severity::error, std::move(where),
                                                              message, hint, code)}) {}

Diagnostic make_diagnostic(Severity severity, SourceLocation where, const Text& message,
                           const Text& hint, ExitCode code) {
  return Diagnostic{severity, std::move(where), message.str(), hint.str(), code, message.id()};
}

namespace {

// What makes two diagnostics the same problem: severity, place and message.
bool same(const Diagnostic& a, const Diagnostic& b) {
  return a.severity == b.severity && a.where.file == b.where.file && a.where.line == b.where.line &&
         a.where.column == b.where.column && a.where.sheet == b.where.sheet &&
         a.message == b.message;
}

// The same as one text, to hash.
std::string identity(const Diagnostic& d) {
  std::string key = d.severity == Severity::error ? "e" : "w";
  key += std::to_string(d.where.line) + ':' + std::to_string(d.where.column) + ':';
  key += d.where.file;
  key += '\0';
  key += d.where.sheet;
  key += '\0';
  key += d.message;
  return key;
}

// What makes two diagnostics the same kind of problem: severity and message, with every quoted
// part ('k0', "x") and every number left out, so that "unknown key 'k0' in 'document'" and
// "unknown key 'k1' in 'document'" are one kind.
std::string kind_of(const Diagnostic& d) {
  std::string key = d.severity == Severity::error ? "e" : "w";
  const std::string& m = d.message;
  for (std::size_t i = 0; i < m.size(); ++i) {
    const char c = m[i];
    if (c >= '0' && c <= '9') {
      if (key.back() != '#') key += '#';
    } else if (c == '\'' || c == '"') {
      const auto close = m.find(c, i + 1);
      if (close == std::string::npos) {
        key += c;
        continue;
      }
      key += "''";
      i = close;
    } else {
      key += c;
    }
  }
  return key;
}

}  // namespace

void DiagnosticList::error(ExitCode code, SourceLocation where, const Text& message,
                           const Text& hint) {
  add(make_diagnostic(Severity::error, std::move(where), message, hint, code));
}

void DiagnosticList::error(SourceLocation where, const Text& message, const Text& hint) {
  add(make_diagnostic(Severity::error, std::move(where), message, hint));
}

void DiagnosticList::warning(SourceLocation where, const Text& message, const Text& hint) {
  add(make_diagnostic(Severity::warning, std::move(where), message, hint));
}

void DiagnosticList::count_error(ExitCode code) { code_ = combined(code_, code); }

void DiagnosticList::reported_before(ExitCode code) {
  reported_before_ = true;
  count_error(code);
}

void DiagnosticList::add(const UserError& e) {
  if (e.diagnostics().empty()) reported_before(e.code());
  for (const auto& d : e.diagnostics()) add(d);
}

void DiagnosticList::add(const DiagnosticList& other) {
  if (other.reported_before_) reported_before(other.code_);
  for (auto& d : other.all()) add(std::move(d));
}

void DiagnosticList::add(Diagnostic d) {
  // Every error calls for its code, also one not shown.
  if (d.severity == Severity::error) count_error(d.code);
  // The same problem at the same place is reported once (a character missing from a font may
  // occur many times in one paragraph).
  const auto [place, unseen] = seen_.try_emplace(std::hash<std::string>{}(identity(d)), 0);
  if (!unseen && (place->second == 0 || same(items_[place->second - 1], d))) return;
  if (d.severity == Severity::error) ++errors_;
  // Messages of one format are one kind, whatever their fields say (in any language); a text of
  // no catalog is sorted by its shape.
  const auto [it, fresh] = kinds_.try_emplace(
      d.id ? (d.severity == Severity::error ? "e:" : "w:") + std::string(d.id) : kind_of(d));
  if (fresh) kind_order_.push_back(&it->first);
  Kind& kind = it->second;
  if (kind.shown < per_kind_) {
    ++kind.shown;
    items_.push_back(std::move(d));
    if (unseen) place->second = items_.size();
  } else if (kind.hidden++ == 0) {
    kind.first_hidden = std::move(d);
  }
}

std::vector<Diagnostic> DiagnosticList::collect(bool errors, bool warnings) const {
  auto wanted = [&](Severity s) { return s == Severity::error ? errors : warnings; };
  std::vector<Diagnostic> out;
  for (const auto& d : items_)
    if (wanted(d.severity)) out.push_back(d);
  // One line per kind says how many were left out, and where they start.
  for (const std::string* key : kind_order_) {
    const Kind& kind = kinds_.at(*key);
    const Diagnostic& first = kind.first_hidden;
    if (kind.hidden == 0 || !wanted(first.severity)) continue;
    const Text what =
        first.severity == Severity::error
            ? say("{} more errors of this kind not shown (after {}), the first of them: {}",
                  kind.hidden, per_kind_, first.message)
            : say("{} more warnings of this kind not shown (after {}), the first of them: {}",
                  kind.hidden, per_kind_, first.message);
    out.push_back({first.severity, first.where, what.str(), first.hint, first.code, first.id});
  }
  return out;
}

std::vector<Diagnostic> DiagnosticList::all() const { return collect(true, true); }

std::vector<Diagnostic> DiagnosticList::errors() const { return collect(true, false); }

std::vector<Diagnostic> DiagnosticList::warnings() const { return collect(false, true); }

void DiagnosticList::throw_if_errors() const {
  if (!has_errors()) return;
  throw UserError(code_, collect(true, false));
}

void DiagnosticList::throw_if_errors(ExitCode code) const {
  if (!has_errors()) return;
  throw UserError(code, collect(true, false));
}

}  // namespace jb::core
