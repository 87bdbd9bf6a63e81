// layout: Document -> PageLayout. Chooses a font for every character, breaks lines, justifies,
// paginates and numbers the pages (the `briefing` preset).
#pragma once

#include "layout/page_layout.hpp"
#include "layout/text_measurer.hpp"
#include "model/document.hpp"

namespace jb::layout {

// Lays out the whole document. Throws core::UserError(data_error) naming each character that
// no font of its role's chain can set, with the block it came from.
PageLayout lay_out(const model::Document& doc, const TextMeasurer& measurer);

}  // namespace jb::layout
