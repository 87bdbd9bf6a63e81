// spec: splitting prose into literal text and {{ placeholders }}, with exact locations.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/diagnostic.hpp"
#include "spec/job_spec.hpp"

namespace jb::spec {

// Maps byte offsets in a source file to 1-based line and column (columns count characters), in
// time independent of the line's length.
class SourceMap {
 public:
  SourceMap(std::string file, std::string_view text);
  SourceLocation at(std::size_t offset) const;
  std::string_view text() const { return text_; }

 private:
  std::string file_;
  std::string_view text_;
  static constexpr std::size_t checkpoint = 64;  // bytes between two character counts
  std::size_t chars_before(std::size_t offset) const;
  std::vector<std::size_t> line_starts_;
  std::vector<std::size_t> chars_before_;  // [k]: characters before byte k * checkpoint
};

// Splits `value` (a YAML scalar that starts at byte `scalar_offset` of the source) into
// segments. Placeholders are located by finding their `{{` in the source text after the
// scalar's start. Errors (an unclosed `{{`, an empty placeholder) go to `diags`.
TextTemplate parse_text_template(const std::string& value, SourceLocation scalar_where,
                                 std::size_t scalar_offset, const SourceMap& source,
                                 core::DiagnosticList& diags);

}  // namespace jb::spec
