// tests/fuzz: what each fuzz target feeds its input to. The libFuzzer targets (make fuzz) and
// the regression test (make test, over tests/fuzz/regressions/) share these functions.
// A core::UserError is the expected outcome for bad input; any other exception, a crash, a
// hang or a sanitizer report is a bug.
#pragma once

#include <string>
#include <string_view>

namespace jb::fuzz {

// The spec loader: the event-level guard, yaml-cpp, the schema reader, text templates.
void spec_loader(std::string_view bytes);
// The CSV reader: encoding detection and decoding, CSV parsing, cell normalisation, figures
// and periods of every cell.
void csv_reader(std::string_view bytes);
// Placeholder expressions: `table.row.column`, function calls, formatter chains.
void expression(std::string_view bytes);

// The line that separates a pipeline input's parts: the spec first, then one CSV after each
// separator. `SPEC\n%%csv\nCSV1\n%%csv\nCSV2`: the spec's data files, in the order its
// `data:` section names them, read CSV1, CSV2, ...; a file beyond the last part is missing
// (exit 66, as a file that is not there). Inline tables take no part.
inline constexpr std::string_view pipeline_separator = "\n%%csv\n";

// The whole pipeline of one report in memory, as `jianbao render` makes it, writing nothing:
// spec -> data -> document (a spec with `each:`: its first report) -> layout -> charts -> PDF
// -> finished PDF (and its audit trail). The spec is read as tests/fixtures/broken/fuzz.yaml,
// leniently, and may read below tests/: its fonts are real files (fonts/, the hostile ones in
// tests/fixtures/fonts/), its data files the input's CSV parts. Returns the finished PDF;
// throws core::UserError as `jianbao render` would refuse the input.
std::string pipeline_pdf(std::string_view bytes);
// The same, for the fuzzer: a core::UserError is the expected refusal.
void pipeline(std::string_view bytes);

}  // namespace jb::fuzz
