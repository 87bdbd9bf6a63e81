// app: runs the stages in order for one report and logs progress. The only place that knows
// the order of the pipeline.
#pragma once

#include <cstddef>
#include <filesystem>

namespace jb::app {

struct JobOptions {
  std::filesystem::path spec_path;
  std::filesystem::path out_dir = "out";
  std::filesystem::path font_dir;  // the project's fonts/ folder
  bool strict = false;             // unknown spec keys are errors
  // `jianbao check`: spec, data, placeholders, glyph coverage and layout, fonts' checksums;
  // nothing is drawn or written.
  bool check_only = false;
  // `render --charts DIR`: every chart also as DIR/figure-N.svg and DIR/figure-N.png (300 dpi),
  // with its caption and note.
  std::filesystem::path charts_dir;
};

struct JobResult {
  std::filesystem::path pdf_path;  // empty after a check
  std::size_t pages = 0;
  std::size_t bytes = 0;
  std::size_t charts = 0;
};

// spec -> data -> model -> layout -> render -> output. Prints the spec's warnings as soon as
// it is read. Throws core::UserError for anything the user can fix; other exceptions are bugs.
// Nothing is written unless every stage succeeds.
JobResult run_job(const JobOptions& options);

}  // namespace jb::app
