// spec: YAML report spec -> JobSpec. The entry point of the pipeline.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "spec/job_spec.hpp"

namespace jb::spec {

struct SpecOptions {
  std::filesystem::path font_dir;  // the project's fonts/ folder (bare font names resolve here)
  bool strict = true;              // unknown keys are errors; false (--lenient): warnings
  // Besides the spec's own folder tree and font_dir, the folders its data and fonts may lie in
  // (--allow-path); a file elsewhere is refused with exit 77.
  std::vector<std::filesystem::path> allowed_dirs;
};

// Reads and validates the spec at `path`. Throws core::UserError: missing_input when the file
// cannot be read, invalid_spec with every problem found (FILE:LINE:COL), no_permission when a
// data or font file lies outside the folders it may read.
JobSpec parse_spec(const std::filesystem::path& path, const SpecOptions& options);

// The same for YAML text in memory; `display_name` names it in messages and relative paths
// start at `base_dir`.
JobSpec parse_spec_text(const std::string& yaml, const std::string& display_name,
                        const std::filesystem::path& base_dir, const SpecOptions& options);

// `render --set name=value`, each given to its parameter (ParamSpec::set), as written. Throws
// core::UserError (usage) for a setting that is not name=value, an unknown or repeated name, and
// a parameter with neither a default nor a setting.
void apply_settings(JobSpec& spec, const std::vector<std::string>& settings);

}  // namespace jb::spec
