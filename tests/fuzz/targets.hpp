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

}  // namespace jb::fuzz
