#include "spec/text_template.hpp"

#include <algorithm>

#include "core/trim.hpp"
#include "core/utf8.hpp"

namespace jb::spec {

SourceMap::SourceMap(std::string file, std::string_view text)
    : file_(std::move(file)), text_(text) {
  line_starts_.push_back(0);
  chars_before_.reserve(text.size() / checkpoint + 1);
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i % checkpoint == 0) chars_before_.push_back(chars);
    if (text[i] == '\n') line_starts_.push_back(i + 1);
    chars += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  }
  chars_before_.push_back(chars);
}

// Characters (UTF-8 lead bytes) before `offset`: from the nearest checkpoint, so that locating
// every character of a long line costs no more than reading it.
std::size_t SourceMap::chars_before(std::size_t offset) const {
  const std::size_t k = offset / checkpoint;
  std::size_t chars = chars_before_[k];
  for (std::size_t i = k * checkpoint; i < offset; ++i)
    chars += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
  return chars;
}

SourceLocation SourceMap::at(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::size_t>(it - line_starts_.begin());
  const std::size_t start = line_starts_[line - 1];
  // Columns count characters, not UTF-8 bytes.
  const auto column = static_cast<int>(chars_before(offset) - chars_before(start) + 1);
  return SourceLocation{file_, static_cast<int>(line), column};
}

namespace {
// Locates each code point of a literal piece of a scalar. Folding, indentation and quoting only
// add or drop white space and quote marks, so each non-space character of the value is the
// next occurrence of that character in the source (looked for within a short distance).
std::vector<std::pair<int, int>> locate_chars(std::string_view literal, std::size_t& cursor,
                                              const SourceMap& source,
                                              const SourceLocation& fallback) {
  std::vector<std::pair<int, int>> out;
  const auto decoded = core::decode_utf8(literal);
  if (!decoded) return out;
  std::pair<int, int> last{fallback.line, fallback.column};
  const std::string_view text = source.text();
  for (const char32_t c : *decoded) {
    if (c != U' ' && c != U'\t' && c != U'\n' && c != U'\r') {
      const std::string bytes = core::encode_utf8(std::u32string(1, c));
      const auto found = text.substr(0, std::min(text.size(), cursor + 512)).find(bytes, cursor);
      if (found != std::string_view::npos) {
        const SourceLocation at = source.at(found);
        last = {at.line, at.column};
        cursor = found + bytes.size();
      }
    }
    out.push_back(last);
  }
  return out;
}

}  // namespace

TextTemplate parse_text_template(const std::string& value, SourceLocation scalar_where,
                                 std::size_t scalar_offset, const SourceMap& source,
                                 core::DiagnosticList& diags) {
  TextTemplate out;
  out.where = scalar_where;
  std::size_t pos = 0;
  std::size_t source_cursor = scalar_offset;
  auto locate_next = [&]() -> SourceLocation {
    // The k-th `{{` of the value is the next `{{` in the source after the scalar's start.
    const auto found = source.text().find("{{", source_cursor);
    if (found == std::string_view::npos) return scalar_where;
    source_cursor = found + 2;
    return source.at(found);
  };
  while (pos < value.size()) {
    const auto open = value.find("{{", pos);
    const auto literal = [&](std::string text) {
      auto chars = locate_chars(text, source_cursor, source, scalar_where);
      out.segments.push_back({false, std::move(text), scalar_where, std::move(chars)});
    };
    if (open == std::string::npos) {
      literal(value.substr(pos));
      break;
    }
    if (open > pos) literal(value.substr(pos, open - pos));
    const SourceLocation where = locate_next();
    const auto close = value.find("}}", open + 2);
    if (close == std::string::npos) {
      diags.error(where, core::say("unclosed '{{{{' in text (expected '}}}}')"));
      return out;
    }
    // A placeholder in a literal block may span lines: its line ends are white space too.
    std::string expr(
        core::trim(std::string_view(value).substr(open + 2, close - open - 2), core::white_space));
    if (expr.empty())
      diags.error(where, core::say("empty placeholder '{{{{ }}}}'"),
                  core::say("write a name such as {{{{ gdp.last.gdp_yi_yuan }}}}"));
    else
      out.segments.push_back({true, std::move(expr), where, {}});
    pos = close + 2;
  }
  return out;
}

}  // namespace jb::spec
