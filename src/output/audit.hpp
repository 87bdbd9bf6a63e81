// output: the audit trail of a report, NAME.audit.csv beside NAME.pdf (render --audit). One row
// per figure printed: the page, the printed text, the block and its place in the spec, the data
// cells it came from (file:line:column), the formula of a derived figure and its formatters.
// UTF-8 with a BOM, so that Excel opens it as such.
#pragma once

#include <string>
#include <vector>

#include "layout/page_layout.hpp"
#include "model/document.hpp"

namespace jb::output {

// `chart_texts[i]`: every text chart i drew; its figures that are not the data's own (tick
// labels, shares) get rows of their own.
std::string audit_csv(const model::Document& doc, const layout::PageLayout& pages,
                      const std::vector<std::vector<std::string>>& chart_texts = {});

// The runs of digits in a text ("增长5.0%，共3项" -> 5.0, 3): what the trail accounts for.
std::vector<std::string> audit_digit_runs(const std::string& text);

}  // namespace jb::output
