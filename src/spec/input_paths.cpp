#include "spec/input_paths.hpp"

#include <algorithm>
#include <string>

#include "core/trim.hpp"

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

namespace {

// The refusal of `file` (the `what` of a spec: a data file, a database, a font) when it lies in
// none of `roots` (each resolved), or nothing.
std::optional<core::Diagnostic> refusal(const fs::path& file, const core::SourceLocation& where,
                                        const core::Text& what,
                                        const std::vector<fs::path>& roots) {
  if (file.empty()) return std::nullopt;
  const fs::path real = resolved(file);
  for (const auto& root : roots)
    if (contains(root, real)) return std::nullopt;
  std::string folders;
  for (std::size_t i = 0; i < roots.size(); ++i)
    folders += (i ? ", " : "") + core::say("'{}'", roots[i].string()).str();
  const core::Text message =
      real != fs::absolute(file).lexically_normal()
          ? core::say(
                "the spec may not read the {} '{}' (it leads to '{}'): it lies outside the "
                "folders a spec may read ({})",
                what.str(), file.string(), real.string(), folders)
          : core::say(
                "the spec may not read the {} '{}': it lies outside the folders a spec may "
                "read ({})",
                what.str(), file.string(), folders);
  return core::make_diagnostic(
      core::Severity::error, where, message,
      core::say("a spec reads files in its own folder tree and the fonts folder only; allow "
                "another folder on the command line with --allow-path DIR"));
}

std::vector<fs::path> resolved_all(const std::vector<fs::path>& allowed) {
  std::vector<fs::path> roots;
  for (const auto& a : allowed) roots.push_back(resolved(a));
  return roots;
}

}  // namespace

void confine_inputs(const JobSpec& spec, const std::vector<fs::path>& allowed) {
  const std::vector<fs::path> roots = resolved_all(allowed);
  std::vector<core::Diagnostic> refused;
  auto judge = [&](const fs::path& file, const core::SourceLocation& where,
                   const core::Text& what) {
    if (auto d = refusal(file, where, what, roots)) refused.push_back(std::move(*d));
  };
  for (const auto& d : spec.data)
    if (!d.file.empty() && !d.is_view())
      judge(d.file, d.where, d.is_query() ? core::say("database") : core::say("data file"));
  for (const auto& f : spec.fonts)
    judge(f.file, f.where, core::say("{} font", font_role_name(f.role)));
  if (!refused.empty()) throw core::UserError(core::ExitCode::no_permission, std::move(refused));
}

std::optional<core::Diagnostic> confine_file(const fs::path& file,
                                             const core::SourceLocation& where,
                                             const std::vector<fs::path>& allowed) {
  return refusal(file, where, core::say("data file"), resolved_all(allowed));
}

bool path_safe(const std::string& name) {
  return !(name.empty() || name == "." || name == ".." ||
           name.find_first_of("/\\") != std::string::npos ||
           std::any_of(name.begin(), name.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }));
}

std::string fill_path(const std::string& path,
                      const std::function<std::optional<std::string>(const std::string&)>& fill) {
  std::string out;
  std::size_t at = 0;
  for (auto open = path.find("{{"); open != std::string::npos; open = path.find("{{", at)) {
    const auto close = path.find("}}", open);
    if (close == std::string::npos) break;
    const auto value = fill(std::string(core::trim(path.substr(open + 2, close - open - 2))));
    out += path.substr(at, open - at) + (value ? *value : path.substr(open, close + 2 - open));
    at = close + 2;
  }
  return out + path.substr(at);
}

std::optional<fs::path> entity_file(const DataSourceSpec& source, const std::string& entity) {
  if (!path_safe(entity)) return std::nullopt;
  return fs::path(fill_path(source.file.string(), [&](const std::string& name) {
    return name == "this" ? std::optional<std::string>(entity) : std::nullopt;
  }));
}

}  // namespace jb::spec
