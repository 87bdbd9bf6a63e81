// output: the libqpdf half of finish_pdf, behind plain C++17 types. It is a library of its own,
// built as C++17: Debian's qpdf 11.3 headers do not compile as C++20 with clang (JSON.hh keeps a
// std::vector<JSON> while JSON is incomplete, and clang instantiates its now constexpr
// destructor there; qpdf 11.4 fixed it), and `make fuzz` builds everything with clang.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace jb::output {

struct QpdfFinishing {
  struct Chart {  // page `index` of the charts' PDF in a box of page `page` (both 0-based)
    std::size_t page = 0, index = 0;
    double x_pt = 0, y_pt = 0, width_pt = 0, height_pt = 0;
  };
  struct ToUnicode {  // the map for each Type0 font libharu embedded as (SUBSET+)base_font
    std::string base_font;
    std::string cmap;
  };
  std::size_t page_count = 0;
  std::vector<Chart> charts;  // in page order
  std::vector<ToUnicode> to_unicode;
  // The document information (no author when empty); date: D:YYYYMMDDHHMMSS.
  std::string title, author, creator, producer, date;
};

// libharu's pages with the charts placed, the maps replaced and the information written, as
// finish_pdf describes. Throws std::runtime_error when qpdf finds a problem in a PDF we made,
// std::logic_error when they do not match `f`.
std::string qpdf_finish(const std::string& pages_pdf, const std::string& charts_pdf,
                        const QpdfFinishing& f);

}  // namespace jb::output
