#include "layout/lay_out.hpp"

#include "layout/composer.hpp"

namespace jb::layout {

PageLayout lay_out(const model::Document& doc, const TextMeasurer& measurer) {
  return detail::Composer(doc, measurer).run();
}

}  // namespace jb::layout
