#include "spec/input_paths.hpp"

#include <string>

namespace jb::spec {

namespace fs = std::filesystem;

namespace {

// The path with every link and every `..` resolved as far as the path exists.
fs::path resolved(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec) return p.lexically_normal();
  fs::path r = fs::weakly_canonical(abs, ec);
  return ec ? abs.lexically_normal() : r;
}

bool contains(const fs::path& folder, const fs::path& file) {
  const fs::path rel = file.lexically_relative(folder);
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

void confine_inputs(const JobSpec& spec, const std::vector<fs::path>& allowed) {
  std::vector<fs::path> roots;
  for (const auto& a : allowed) roots.push_back(resolved(a));
  std::vector<core::Diagnostic> refused;
  auto judge = [&](const fs::path& file, const core::SourceLocation& where,
                   const std::string& what) {
    if (file.empty()) return;
    const fs::path real = resolved(file);
    for (const auto& root : roots)
      if (contains(root, real)) return;
    std::string message = "the spec may not read the " + what + " '" + file.string() + "'";
    if (real != fs::absolute(file).lexically_normal())
      message += " (it leads to '" + real.string() + "')";
    message += ": it lies outside the folders a spec may read (";
    for (std::size_t i = 0; i < roots.size(); ++i)
      message += (i ? ", '" : "'") + roots[i].string() + "'";
    message += ")";
    refused.push_back({core::Severity::error, where, message,
                       "a spec reads files in its own folder tree and the fonts folder only; "
                       "allow another folder on the command line with --allow-path DIR"});
  };
  for (const auto& d : spec.data)
    if (!d.is_inline()) judge(d.file, d.where, "data file");
  for (const auto& f : spec.fonts)
    judge(f.file, f.where, std::string(font_role_name(f.role)) + " font");
  if (!refused.empty()) throw core::UserError(core::ExitCode::no_permission, std::move(refused));
}

}  // namespace jb::spec
