#include "spec/text_template.hpp"

#include <algorithm>

namespace jb::spec {

SourceMap::SourceMap(std::string file, std::string_view text)
    : file_(std::move(file)), text_(text) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_starts_.push_back(i + 1);
}

SourceLocation SourceMap::at(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::size_t>(it - line_starts_.begin());
  const std::size_t start = line_starts_[line - 1];
  int column = 1;
  for (std::size_t i = start; i < offset; ++i)  // count characters, not UTF-8 bytes
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  return SourceLocation{file_, static_cast<int>(line), column};
}

namespace {
std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
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
    if (open == std::string::npos) {
      out.segments.push_back({false, value.substr(pos), scalar_where});
      break;
    }
    if (open > pos) out.segments.push_back({false, value.substr(pos, open - pos), scalar_where});
    const SourceLocation where = locate_next();
    const auto close = value.find("}}", open + 2);
    if (close == std::string::npos) {
      diags.error(where, "unclosed '{{' in text (expected '}}')");
      return out;
    }
    std::string expr = trim(std::string_view(value).substr(open + 2, close - open - 2));
    if (expr.empty())
      diags.error(where, "empty placeholder '{{ }}'",
                  "write a name such as {{ gdp.last.gdp_yi_yuan }}");
    else
      out.segments.push_back({true, std::move(expr), where});
    pos = close + 2;
  }
  return out;
}

}  // namespace jb::spec
