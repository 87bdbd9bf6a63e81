// spec: the 报头 and 报尾 of preset jianbao (a 'masthead' section) and the watermark any preset
// may print behind its pages (a 'watermark' section).
#include <algorithm>
#include <string>

#include "spec/read_sections.hpp"

namespace jb::spec::detail {

namespace {

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool has_placeholder(const Field& f) { return f.text.find("{{") != std::string::npos; }

void read_masthead_date(YamlReader& r, const Entry& e, MastheadSpec& m) {
  auto s = r.string(e);
  if (s && !parse_date(*s, m.year, m.month, m.day))
    r.diags().error(
        r.loc(e.value),
        core::say("'date' must be a date written YYYY-MM-DD, found '{}'", core::excerpt(*s)),
        core::say("without it the masthead prints the document's date"));
}

constexpr Key<MastheadSpec> distribution_keys[] = {
    {"report", [](auto& r, auto& e, auto& m) { read_field(r, e, m.report); }, text("报")},
    {"send", [](auto& r, auto& e, auto& m) { read_field(r, e, m.send); }, text("送")},
    {"issue", [](auto& r, auto& e, auto& m) { read_field(r, e, m.issue_to); }, text("发")},
};

SectionShape distribution_section() {
  return section_shape(distribution_keys, "distribution", "the 报尾's 报、送、发");
}

// 共印N份: a count, or a template the data fills (checked again once filled).
void read_copies(YamlReader& r, const Entry& e, MastheadSpec& m) {
  read_field(r, e, m.copies);
  if (!m.copies.empty() && !has_placeholder(m.copies) &&
      (!digits(m.copies.text) || m.copies.text[0] == '0'))
    r.diags().error(m.copies.where,
                    core::say("'copies' must be the number of copies printed, found '{}'",
                              core::excerpt(m.copies.text)),
                    core::say("it is printed as （共印50份） at the end of the 报尾: copies: 50"));
}

constexpr Bounds name_sizes_pt{26.0, 72.0};
constexpr Option<bool> rules[] = {{"single", false}, {"double", true}};

constexpr Key<MastheadSpec> masthead_keys[] = {
    {"name", [](auto& r, auto& e, auto& m) { read_field(r, e, m.name); },
     text("the publication's name")},
    {"issue", [](auto& r, auto& e, auto& m) { read_field(r, e, m.issue); }, text("期号")},
    {"editor", [](auto& r, auto& e, auto& m) { read_field(r, e, m.editor); }, text("编印单位")},
    {"date", read_masthead_date, deferred([] { return text_matching(date_shape_pattern()); })},
    {"classification", [](auto& r, auto& e, auto& m) { read_field(r, e, m.classification); },
     text()},
    {"copy_number", [](auto& r, auto& e, auto& m) { read_field(r, e, m.copy_number); },
     text("份号: digits")},
    {"name_size_pt",
     [](auto& r, auto& e, auto& m) {
       if (auto v = r.number(e, name_sizes_pt)) m.name_size_pt = *v;
     },
     number(name_sizes_pt)},
    {"rule",
     [](auto& r, auto& e, auto& m) {
       if (auto v = r.choice(e, rules)) m.double_rule = *v;
     },
     choice<rules>()},
    {"distribution",
     [](auto& r, auto& e, auto& m) {
       read_section(r, e.value, distribution_keys, quoted_name("distribution"), m);
     },
     section(distribution_section)},
    {"copies", read_copies, text("共印N份: the number of copies")},
};

SectionShape masthead_section() {
  return section_shape(masthead_keys, "masthead", "preset jianbao's 报头 and 报尾");
}

constexpr Bounds angles{-90.0, 90.0};
// Lighter than 0.6 the body no longer reads through it; at 1 it is white, printed as nothing.
constexpr Bounds grays{0.6, 0.95};
constexpr Bounds watermark_sizes_pt{12.0, 144.0};

constexpr Key<WatermarkSpec> watermark_keys[] = {
    {"text", [](auto& r, auto& e, auto& w) { read_field(r, e, w.text); }, text(), true},
    {"angle",
     [](auto& r, auto& e, auto& w) {
       if (auto v = r.number(e, angles)) w.angle_deg = *v;
     },
     number(angles, "degrees")},
    {"gray",
     [](auto& r, auto& e, auto& w) {
       if (auto v = r.number(e, grays)) w.gray = *v;
     },
     number(grays, "0.6 (darker) to 0.95 (lighter)")},
    {"size_pt",
     [](auto& r, auto& e, auto& w) {
       if (auto v = r.number(e, watermark_sizes_pt)) w.size_pt = *v;
     },
     number(watermark_sizes_pt)},
};

SectionShape watermark_section() {
  return section_shape(watermark_keys, "watermark", "the text printed behind every page");
}
constexpr Shape watermark_alternatives[] = {text("the watermark's text"),
                                            section(watermark_section)};

}  // namespace

Shape masthead_shape() { return section(masthead_section); }
Shape watermark_shape() { return any_of(watermark_alternatives); }

void read_masthead(YamlReader& r, const YAML::Node& node, JobSpec& spec) {
  MastheadSpec& m = spec.masthead;
  m.where = r.loc(node);
  read_section(r, node, masthead_keys, quoted_name("masthead"), m);
  if (!has_placeholder(m.copy_number) && !m.copy_number.empty() && !digits(m.copy_number.text))
    r.diags().error(m.copy_number.where,
                    core::say("'copy_number' (份号) must be digits, found '{}'",
                              core::excerpt(m.copy_number.text)),
                    core::say("the copy's number, printed at the top right of the masthead, e.g. "
                              "000123"));
}

// `watermark: 征求意见稿`, or a mapping {text, angle, gray, size_pt}.
void read_watermark(YamlReader& r, const Entry& e, JobSpec& spec) {
  WatermarkSpec& w = spec.watermark;
  if (e.value.IsScalar()) {
    read_field(r, e, w.text);
    return;
  }
  const auto entries = read_section(r, e.value, watermark_keys, quoted_name("watermark"), w);
  if (e.value.IsMap() && !has_key(entries, "text"))
    r.diags().error(r.loc(e.value), core::say("'watermark' has no 'text'"),
                    core::say("for example watermark: {{text: 征求意见稿, angle: 45}}"));
}

void check_masthead(YamlReader& r, const YAML::Node& root, const JobSpec& spec) {
  const MastheadSpec& m = spec.masthead;
  const bool written = !m.where.file.empty();
  if (spec.preset == Preset::jianbao && m.name.empty()) {
    const YAML::Node preset = root["preset"];
    r.diags().error(written ? m.where : r.loc(preset),
                    written ? core::say("'masthead' has no 'name'")
                            : core::say("preset jianbao prints a masthead, and the spec has no "
                                        "'masthead'"),
                    core::say("the publication's name heads page 1: masthead: {{name: 统计简报, "
                              "issue: 2025年第9期}}"));
  } else if (spec.preset != Preset::jianbao && written) {
    r.diags().error(m.where, core::say("'masthead' is printed by preset jianbao only"),
                    core::say("add preset: jianbao at the top of the spec"));
  }
}

}  // namespace jb::spec::detail
