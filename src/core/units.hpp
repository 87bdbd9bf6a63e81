// core: the units of length a spec and a page are measured in.
#pragma once

namespace jb::core {

// A spec gives page sizes and margins in millimetres; PDF pages are measured in points (1/72 in).
inline constexpr double pt_per_mm = 72.0 / 25.4;

}  // namespace jb::core
