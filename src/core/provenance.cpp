#include "core/provenance.hpp"

namespace jb::core {

std::uint32_t Provenance::source_id(const std::string& file, const std::string& context) {
  if (!sources_.empty() && sources_.back().file == file && sources_.back().context == context)
    return static_cast<std::uint32_t>(sources_.size() - 1);
  sources_.push_back({file, context});
  return static_cast<std::uint32_t>(sources_.size() - 1);
}

void Provenance::push(const SourceLocation& where, const std::string& context) {
  push(1, where, context);
}

void Provenance::push(std::size_t count, const SourceLocation& where, const std::string& context) {
  if (count == 0) return;
  const Char c{source_id(where.file, context), where.line, where.column};
  chars_.insert(chars_.end(), count, c);
}

void Provenance::append(const Provenance& other) {
  for (const Char& c : other.chars_) {
    const Source& src = other.sources_[c.source];
    chars_.push_back({source_id(src.file, src.context), c.line, c.column});
  }
}

void Provenance::keep(const std::vector<bool>& flags) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < chars_.size() && i < flags.size(); ++i)
    if (flags[i]) chars_[out++] = chars_[i];
  chars_.resize(out);
}

SourceLocation Provenance::at(std::size_t index) const {
  if (index >= chars_.size()) return {};
  const Char& c = chars_[index];
  return {sources_[c.source].file, c.line, c.column};
}

const std::string& Provenance::context(std::size_t index) const {
  static const std::string none;
  return index < chars_.size() ? sources_[chars_[index].source].context : none;
}

}  // namespace jb::core
