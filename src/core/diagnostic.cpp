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

std::string format_diagnostic(const Diagnostic& d) {
  std::string out;
  if (!d.where.file.empty()) {
    out += escape_controls(d.where.file);
    if (d.where.line > 0) {
      out += ':' + std::to_string(d.where.line);
      if (d.where.column > 0) out += ':' + std::to_string(d.where.column);
    }
    out += ": ";
  }
  out += d.severity == Severity::error ? "error: " : "warning: ";
  if (count_code_points(d.message) > max_message_chars)
    out += escape_controls(excerpt(d.message, max_message_chars)) + " (shortened)";
  else
    out += escape_controls(d.message);
  if (!d.hint.empty()) out += "\n  hint: " + escape_controls(d.hint);
  return out;
}

namespace {
std::string summary(const std::vector<Diagnostic>& ds) {
  if (ds.empty()) return "user error";
  std::string s = format_diagnostic(ds.front());
  if (ds.size() > 1) s += " (and " + std::to_string(ds.size() - 1) + " more)";
  return s;
}
}  // namespace

UserError::UserError(ExitCode code, std::vector<Diagnostic> diagnostics)
    : std::runtime_error(summary(diagnostics)), code_(code), diagnostics_(std::move(diagnostics)) {}

UserError::UserError(ExitCode code, SourceLocation where, std::string message, std::string hint)
    : UserError(code, std::vector<Diagnostic>{Diagnostic{Severity::error, std::move(where),
                                                         std::move(message), std::move(hint)}}) {}

namespace {
bool same(const Diagnostic& a, const Diagnostic& b) {
  return a.severity == b.severity && a.where.file == b.where.file && a.where.line == b.where.line &&
         a.where.column == b.where.column && a.message == b.message;
}
}  // namespace

void DiagnosticList::error(SourceLocation where, std::string message, std::string hint) {
  add({Severity::error, std::move(where), std::move(message), std::move(hint)});
}

void DiagnosticList::warning(SourceLocation where, std::string message, std::string hint) {
  add({Severity::warning, std::move(where), std::move(message), std::move(hint)});
}

void DiagnosticList::add(Diagnostic d) {
  // The same problem at the same place is reported once (a character missing from a font may
  // occur many times in one paragraph).
  for (const auto& existing : items_)
    if (same(existing, d)) return;
  if (d.severity == Severity::error) ++errors_;
  items_.push_back(std::move(d));
}

std::vector<Diagnostic> DiagnosticList::warnings() const {
  std::vector<Diagnostic> out;
  for (const auto& d : items_)
    if (d.severity == Severity::warning) out.push_back(d);
  return out;
}

void DiagnosticList::throw_if_errors(ExitCode code) const {
  if (!has_errors()) return;
  std::vector<Diagnostic> errs;
  for (const auto& d : items_)
    if (d.severity == Severity::error) errs.push_back(d);
  throw UserError(code, std::move(errs));
}

}  // namespace jb::core
