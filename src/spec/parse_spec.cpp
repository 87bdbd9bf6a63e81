// spec: parse_spec, the spec's text to a JobSpec: the text checked (UTF-8, guard_yaml) and
// loaded, then its root's sections read in the order written (read_sections.hpp), the preset
// first; and the font roles' names and defaults.
#include "spec/parse_spec.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

#include "core/text_file.hpp"
#include "core/utf8.hpp"
#include "spec/input_paths.hpp"
#include "spec/read_sections.hpp"
#include "spec/text_template.hpp"
#include "spec/yaml_guard.hpp"

namespace jb::spec {

using core::DiagnosticList;
using core::ExitCode;

namespace {
// The shipped default font of each role, in fonts/ (fonts/README.md).
struct ShippedFont {
  FontRole role;
  const char* file;
};
using R = FontRole;
constexpr ShippedFont shipped_fonts[] = {
    {R::song, "JianbaoSerifSC-Regular.ttf"},
    {R::hei, "JianbaoSansSC-Regular.ttf"},
    {R::hei_bold, "JianbaoSansSC-Bold.ttf"},
    {R::kai, "JianbaoKai-Regular.ttf"},
    {R::fang, "JianbaoFang-Regular.ttf"},
    {R::latin, "LiberationSerif-Regular.ttf"},
    {R::latin_bold, "LiberationSerif-Bold.ttf"},
    {R::latin_sans, "LiberationSans-Regular.ttf"},
    {R::latin_sans_bold, "LiberationSans-Bold.ttf"},
};
}  // namespace

namespace {

using detail::Entry;
using detail::Key;
using detail::YamlReader;

constexpr std::size_t max_spec_bytes = 1 << 20;  // a spec is prose and settings, never data

struct SpecTarget {
  JobSpec& spec;
  const SpecOptions& options;
};

constexpr detail::Option<Preset> presets[] = {
    {"briefing", Preset::briefing}, {"gbt9704", Preset::gbt9704}, {"jianbao", Preset::jianbao}};

using detail::deferred;

// The spec's sections. The readers take (YamlReader& r, const Entry& e, SpecTarget& t).
constexpr Key<SpecTarget> spec_keys[] = {
    {"preset", nullptr,  // read before the others, in parse_spec_text
     detail::choice<presets>("the page, sizes and matter the report starts from")},
    {"document", [](auto& r, auto& e, auto& t) { detail::read_document(r, e.value, t.spec); },
     deferred(detail::document_shape), true},
    {"page", [](auto& r, auto& e, auto& t) { detail::read_page(r, e.value, t.spec); },
     deferred(detail::page_shape)},
    {"fonts", [](auto& r, auto& e, auto& t) { detail::read_fonts(r, e.value, t.spec, t.options); },
     deferred(detail::fonts_shape)},
    {"styles", [](auto& r, auto& e, auto& t) { detail::read_styles(r, e.value, t.spec); },
     deferred(detail::styles_shape)},
    {"typography", [](auto& r, auto& e, auto& t) { detail::read_typography(r, e.value, t.spec); },
     deferred(detail::typography_shape)},
    {"official", [](auto& r, auto& e, auto& t) { detail::read_official(r, e.value, t.spec); },
     deferred(detail::official_shape)},
    {"masthead", [](auto& r, auto& e, auto& t) { detail::read_masthead(r, e.value, t.spec); },
     deferred(detail::masthead_shape)},
    {"watermark", [](auto& r, auto& e, auto& t) { detail::read_watermark(r, e, t.spec); },
     deferred(detail::watermark_shape)},
    {"data", [](auto& r, auto& e, auto& t) { detail::read_data(r, e.value, t.spec); },
     deferred(detail::data_shape)},
    {"checks", [](auto& r, auto& e, auto& t) { detail::read_checks(r, e.value, t.spec); },
     deferred(detail::checks_shape)},
    {"each", [](auto& r, auto& e, auto& t) { detail::read_each(r, e.value, t.spec); },
     deferred(detail::each_shape)},
    {"params", [](auto& r, auto& e, auto& t) { detail::read_params(r, e.value, t.spec); },
     deferred(detail::params_shape)},
    {"body", [](auto& r, auto& e, auto& t) { detail::read_blocks(r, e.value, t.spec); },
     deferred(detail::body_shape), true},
};

// The spec's text as yaml-cpp is given it. yaml-cpp counts from 0 and has no file names; we
// strip a BOM ourselves so that its byte offsets match our SourceMap, which turns them into
// 1-based lines and character columns. Classic Mac OS line ends (a lone CR), which some editors
// still write, are lines to YAML but not to yaml-cpp ("end of map not found"): each becomes LF,
// keeping every offset.
std::string yaml_text(const std::string& yaml_in) {
  std::string_view bom_free = yaml_in;
  if (bom_free.substr(0, 3) == "\xEF\xBB\xBF") bom_free.remove_prefix(3);
  std::string text(bom_free);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) text[i] = '\n';
  return text;
}

// YAML is Unicode, and every later stage takes the spec's text as UTF-8: a spec an editor saved
// as GBK is refused here, at its first byte that is not UTF-8 (yaml-cpp passes such bytes
// through; a chart drawing them failed as an internal error).
void refuse_non_utf8(std::string_view yaml, const SourceMap& source) {
  std::size_t bad = 0;
  if (core::decode_utf8(yaml, &bad)) return;
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(yaml[bad]));
  throw core::UserError(ExitCode::invalid_spec, source.at(bad),
                        core::say("the spec is not valid UTF-8 (byte {})", byte),
                        core::say("save it as UTF-8; an editor on a Chinese Windows may have saved "
                                  "it as GBK"));
}

// A private-use character of planes 15 and 16 anywhere in the spec, refused at its place.
void refuse_private_plane(std::string_view yaml, const SourceMap& source) {
  const std::size_t at = core::find_private_plane(yaml);
  if (at == std::string_view::npos) return;
  const auto cp = core::decode_utf8(yaml.substr(at, 4)).value_or(U"?");
  throw core::UserError(
      ExitCode::invalid_spec, source.at(at),
      core::say("the spec holds the private-use character {}, which no font prints",
                core::code_point_name(cp[0])),
      core::say("leave it out; an input method or a symbol font may have put it "
                "there"));
}

// The tree of a spec that passed guard_yaml; invalid YAML is refused at yaml-cpp's mark.
YAML::Node load_yaml(const std::string& yaml, const SourceMap& source,
                     const std::string& display_name) {
  try {
    return YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    SourceLocation where{display_name, e.mark.line + 1, e.mark.column + 1};
    if (e.mark.pos >= 0) where = source.at(static_cast<std::size_t>(e.mark.pos));
    // A plain value that starts with ** (a bold lead sentence) reads as an alias in YAML.
    const auto at = static_cast<std::size_t>(std::max(e.mark.pos, 0));
    const bool bold_start = e.mark.pos >= 0 && at < yaml.size() && yaml.compare(at, 2, "**") == 0;
    throw core::UserError(ExitCode::invalid_spec, where, core::say("invalid YAML: {}", e.msg),
                          bold_start
                              ? core::say("a text that starts with ** (bold) is read as an alias: "
                                          "quote it, \"**一是…**…\", or write it as a "
                                          "block (|)")
                              : core::Text{});
  }
}

// Every role with its shipped font and fallback chain, until the spec's 'fonts' says otherwise.
void default_fonts(JobSpec& spec, const SpecOptions& options, const std::string& display_name) {
  for (const ShippedFont& f : shipped_fonts) {
    const auto chain = default_fallback(f.role);
    spec.fonts.push_back({f.role, options.font_dir / f.file, 0,
                          std::vector<FontRole>(chain.begin(), chain.end()),
                          SourceLocation{display_name, 0, 0}});
  }
}

// The sections of the spec's root mapping, the preset first: the other sections adjust what it
// sets, wherever they are written.
void read_root(YamlReader& r, const YAML::Node& root, SpecTarget& target,
               const std::string& display_name) {
  if (const YAML::Node p = std::as_const(root)["preset"]; p) {
    if (auto preset = r.choice(Entry{"preset", p, p}, presets))
      detail::apply_preset(*preset, target.spec);
  }
  const auto sections = detail::read_section(r, root, spec_keys, core::say("the spec"), target);
  const SourceLocation start{display_name, 1, 1};
  if (!detail::has_key(sections, "document"))
    r.diags().error(start, core::say("the spec has no 'document' section"));
  if (!detail::has_key(sections, "body"))
    r.diags().error(start, core::say("the spec has no 'body' section"));
  detail::check_masthead(r, root, target.spec);
}

}  // namespace

namespace detail {
SectionShape spec_section() { return section_shape(spec_keys, "spec", "a jianbao report spec"); }
}  // namespace detail

JobSpec parse_spec_text(const std::string& yaml_in, const std::string& display_name,
                        const std::filesystem::path& base_dir, const SpecOptions& options) {
  const std::string yaml = yaml_text(yaml_in);
  const SourceMap source(display_name, yaml);
  refuse_non_utf8(yaml, source);
  refuse_private_plane(yaml, source);

  JobSpec spec;
  spec.spec_path = display_name;
  spec.base_dir = base_dir;
  default_fonts(spec, options, display_name);

  guard_yaml(yaml, source);
  const YAML::Node root = load_yaml(yaml, source, display_name);
  DiagnosticList diags;
  if (!root.IsMap()) {
    diags.error(SourceLocation{display_name, 1, 1},
                core::say("a spec must be a mapping with 'document' and 'body'"));
    diags.throw_if_errors(ExitCode::invalid_spec);
  }

  YamlReader r(source, diags, options.strict);
  SpecTarget target{spec, options};
  read_root(r, root, target, display_name);
  if (spec.meta.output_name.empty())
    spec.meta.output_name = std::filesystem::path(display_name).stem().string() + ".pdf";

  diags.throw_if_errors(ExitCode::invalid_spec);
  spec.warnings = diags.warnings();
  std::vector<std::filesystem::path> allowed{base_dir, options.font_dir};
  allowed.insert(allowed.end(), options.allowed_dirs.begin(), options.allowed_dirs.end());
  confine_inputs(spec, allowed);
  spec.input_roots = std::move(allowed);
  return spec;
}

JobSpec parse_spec(const std::filesystem::path& path, const SpecOptions& options) {
  const std::string text = core::read_text_file(path, core::SourceLocation{path.string(), 0, 0},
                                                max_spec_bytes, ExitCode::invalid_spec);
  const auto base = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  return parse_spec_text(text, path.string(), base, options);
}

}  // namespace jb::spec
