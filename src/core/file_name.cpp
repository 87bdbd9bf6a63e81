#include "core/file_name.hpp"

#include <algorithm>

namespace jb::core {

bool fits_name_max(std::string_view name, std::size_t name_max) { return name.size() <= name_max; }

FileNameProblem check_report_file_name(std::string_view name, std::size_t name_max) {
  if (std::any_of(name.begin(), name.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
    return FileNameProblem::control_character;
  if (name.find_first_of("/\\") != std::string_view::npos || name.starts_with('.'))
    return FileNameProblem::not_plain;
  if (name.size() <= 4 || !name.ends_with(".pdf")) return FileNameProblem::not_pdf;
  if (!fits_name_max(name, name_max)) return FileNameProblem::too_long;
  return FileNameProblem::none;
}

}  // namespace jb::core
