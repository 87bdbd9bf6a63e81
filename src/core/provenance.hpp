// core: where each character of a generated text came from. The model records it while it
// fills templates; a later stage that finds a problem with one character (no font has it)
// reports the character's own line and column in the spec, or the data row it came from.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"

namespace jb::core {

class Provenance {
 public:
  // Appends one code point from `where`.
  void push(const SourceLocation& where, const std::string& context = {});
  // Appends `count` code points that all come from `where` (a data value, a generated word);
  // `context` says how, e.g. "in the value of gdp.2024.gdp_yi_yuan used at spec.yaml:12:5".
  void push(std::size_t count, const SourceLocation& where, const std::string& context = {});
  void append(const Provenance& other);
  // Keeps the code points whose flag is set (the text was filtered the same way).
  void keep(const std::vector<bool>& flags);

  std::size_t size() const { return chars_.size(); }
  bool empty() const { return chars_.empty(); }
  // The origin of code point `index`, and its context ("" when none).
  SourceLocation at(std::size_t index) const;
  const std::string& context(std::size_t index) const;

 private:
  struct Source {
    std::string file;
    std::string context;
  };
  struct Char {
    std::uint32_t source = 0;
    std::int32_t line = 0, column = 0;
  };
  std::uint32_t source_id(const std::string& file, const std::string& context);
  std::vector<Source> sources_;
  std::vector<Char> chars_;
};

}  // namespace jb::core
