#include "app/font_sums.hpp"

#include <map>
#include <set>
#include <sstream>

#include "core/sha256.hpp"
#include "core/text_file.hpp"
#include "fonts/font_check.hpp"

namespace jb::app {

namespace fs = std::filesystem;

namespace {

// The pinned fonts against SHA256SUMS, each file hashed once into `hashed`.
std::vector<core::Diagnostic> check_pinned(const std::vector<spec::FontSpec>& fonts,
                                           const fs::path& folder,
                                           std::map<fs::path, std::string>& hashed) {
  std::vector<core::Diagnostic> problems;
  auto error = [&](core::SourceLocation where, const core::Text& message, const core::Text& hint) {
    problems.push_back(
        core::make_diagnostic(core::Severity::error, std::move(where), message, hint));
  };
  std::vector<const spec::FontSpec*> pinned;
  std::set<fs::path> seen;
  for (const auto& f : fonts) {
    std::error_code ec;
    if (!fs::is_regular_file(f.file, ec) || !fonts::inside_folder(f.file, folder)) continue;
    if (seen.insert(fs::weakly_canonical(f.file, ec)).second) pinned.push_back(&f);
  }
  if (pinned.empty()) return problems;

  const fs::path sums_file = folder / "SHA256SUMS";
  std::istringstream in;
  try {  // a regular file of a few lines, like every input
    in.str(core::read_text_file(sums_file, {sums_file.string(), 0, 0}, 1 << 16,
                                core::ExitCode::invalid_spec));
  } catch (const core::UserError& e) {
    error({sums_file.string(), 0, 0},
          core::say("cannot read {}: the shipped fonts cannot be verified ({})", sums_file.string(),
                    e.diagnostics().front().message),
          core::say("restore the fonts folder from the repository (git checkout -- fonts)"));
    return problems;
  }
  std::map<std::string, std::pair<std::string, int>> expected;  // file name -> (digest, line)
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    std::istringstream fields(line);
    std::string digest, name;
    if (fields >> digest >> name)
      expected[name.starts_with('*') ? name.substr(1) : name] = {digest, n};
  }
  for (const spec::FontSpec* f : pinned) {
    const std::string name = f->file.filename().string();
    const auto it = expected.find(name);
    if (it == expected.end()) {
      error(f->where,
            core::say("the font '{}' is not listed in {}", f->file.string(), sums_file.string()),
            core::say("only the fonts jianbao ships live in its fonts folder; keep a font of your "
                      "own elsewhere and name its path in the spec"));
      continue;
    }
    if (fonts::font_too_large(f->file)) continue;  // refused by its size when it is loaded
    std::string actual;
    try {
      actual = hashed.emplace(f->file, core::sha256_file(f->file)).first->second;
    } catch (const std::exception&) {
      continue;  // unreadable: the font loader reports it
    }
    if (actual != it->second.first)
      error({sums_file.string(), it->second.second, 1},
            core::say("the font '{}' is not the file jianbao ships (SHA-256 {}…, expected {}…)",
                      f->file.string(), actual.substr(0, 16), it->second.first.substr(0, 16)),
            core::say("restore it with 'git checkout -- fonts' (or rebuild it with 'make fonts'); "
                      "a Git LFS pointer or a partial copy looks like this too"));
  }
  return problems;
}

}  // namespace

std::vector<core::Diagnostic> verify_font_sums(
    const std::vector<spec::FontSpec>& fonts, const fs::path& folder,
    std::vector<std::pair<fs::path, std::string>>* digests) {
  std::map<fs::path, std::string> hashed;
  auto problems = check_pinned(fonts, folder, hashed);
  if (digests) {  // every font's digest for the manifest, the pinned ones from above
    std::set<fs::path> seen;
    for (const auto& f : fonts) {
      std::error_code ec;
      if (!seen.insert(f.file).second || !fs::is_regular_file(f.file, ec) ||
          fonts::font_too_large(f.file))
        continue;
      const auto it = hashed.find(f.file);
      try {
        digests->push_back({f.file, it != hashed.end() ? it->second : core::sha256_file(f.file)});
      } catch (const std::exception&) {
      }
    }
  }
  return problems;
}

}  // namespace jb::app
