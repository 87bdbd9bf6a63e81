// spec: emphasis markers in prose. `**…**` sets its span in bold, `~~…~~` in kai; `\*` and `\~`
// write the character itself. The markers and escapes leave the template: what remains keeps
// each character's own line and column, and every segment the span it lies in.
#pragma once

#include <string>

#include "core/diagnostic.hpp"
#include "spec/job_spec.hpp"

namespace jb::spec {

// Why a field takes no emphasis: the default refusal.
core::Text emphasis_refused();

// The markers a field takes; a marker it does not take is an error that says why (`refusal`,
// said when it is given: the reader's language is chosen after the rules are made).
struct EmphasisRules {
  bool bold = false;
  bool kai = false;
  core::Text (*refusal)() = emphasis_refused;
};

// Rewrites `t`'s literal segments: escapes resolved, markers removed and the segments between
// them (placeholders too) given their emphasis. A marker that is not closed, closes across the
// other kind's span, or is not taken here is an error at its own line and column.
void split_emphasis(TextTemplate& t, const EmphasisRules& rules, const std::string& field,
                    core::DiagnosticList& diags);

}  // namespace jb::spec
