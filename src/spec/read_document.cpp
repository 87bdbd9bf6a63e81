// spec: the sections that describe the document and its pages: document, page, fonts, styles,
// typography, official, and the preset that sets their defaults.
#include <algorithm>
#include <cstdio>
#include <string>

#include "core/file_name.hpp"
#include "spec/read_sections.hpp"

namespace jb::spec::detail {

namespace {

// A day as parse_day reads it (the calendar's own rules aside), or a text with a placeholder.
constexpr const char* date_pattern = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
constexpr const char* date_or_template_pattern =
    "^([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])|.*[{][{].*)$";
constexpr const char* pdf_name_pattern = "^[^/]+[.][pP][dD][fF]$";

bool parse_day(const std::string& s, int& year, int& month, int& day) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return false;
  static constexpr int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days[m - 1]) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return false;
  year = y, month = m, day = d;
  return true;
}

// ---- document -------------------------------------------------------------------------------

void read_date(YamlReader& r, const Entry& e, DocumentMeta& meta) {
  meta.date_where = r.loc(e.value);
  auto s = r.string(e);
  if (s && s->find("{{") != std::string::npos) {  // from a parameter: the model fills it
    meta.date_template = r.text(e);
    return;
  }
  if (s && !parse_day(*s, meta.year, meta.month, meta.day))
    r.diags().error(
        r.loc(e.value),
        core::say("'date' must be a date written YYYY-MM-DD, found '{}'", core::excerpt(*s)));
}

void read_output(YamlReader& r, const Entry& e, DocumentMeta& meta) {
  auto s = r.nonempty_string(e);
  if (!s) return;
  const core::FileNameProblem problem = core::check_report_file_name(*s);
  if (s->find("{{") != std::string::npos)
    r.diags().error(r.loc(e.value),
                    core::say("'output' is one file name and takes no placeholders"),
                    core::say("a batch names each report's file with each.output"));
  else if (problem == core::FileNameProblem::control_character)
    r.diags().error(r.loc(e.value), core::say("'output' holds a control character"),
                    core::say("a file name is letters, digits and punctuation"));
  else if (problem != core::FileNameProblem::none)
    r.diags().error(
        r.loc(e.value),
        core::say("'output' must be a file name ending in .pdf, found '{}'", core::excerpt(*s)),
        core::say("the folder is chosen on the command line with -o DIR"));
  else
    meta.output_name = *s;
}

// The readers of a table take (YamlReader& r, const Entry& e, Target& t).
constexpr Key<DocumentMeta> document_keys[] = {
    {"title", [](auto& r, auto& e, auto& m) { m.title = r.text(e); }, text("the report's title"),
     true},
    {"subtitle", [](auto& r, auto& e, auto& m) { m.subtitle = r.text(e); }, text()},
    {"issuer",
     [](auto& r, auto& e, auto& m) {
       m.issuer = r.text(e);
       m.issuer_where = r.loc(e.value);
     },
     text("who issues the report")},
    {"date", read_date, text_matching(date_or_template_pattern, "YYYY-MM-DD, or a placeholder"),
     true},
    {"output", read_output, text_matching(pdf_name_pattern, "the PDF's file name")},
    {"header",
     [](auto& r, auto& e, auto& m) {
       if (auto s = r.string(e); s && !s->empty()) m.running_header = r.text(e);
     },
     maybe_empty_text("the running header")},
    {"mark", [](auto& r, auto& e, auto& m) { m.mark = r.text(e); }, text()},
};

SectionShape document_section() {
  return section_shape(document_keys, "document", "the report's title, date and file name");
}

// ---- page -----------------------------------------------------------------------------------

constexpr Bounds margins_mm{5.0, 100.0};
constexpr Shape a_margin = number(margins_mm, "mm");

void margin(YamlReader& r, const Entry& e, double& field) {
  if (auto v = r.number(e, margins_mm)) field = *v;
}

constexpr Key<PageSpec> margin_keys[] = {
    {"top", [](auto& r, auto& e, auto& p) { margin(r, e, p.margin_top_mm); }, a_margin},
    {"bottom", [](auto& r, auto& e, auto& p) { margin(r, e, p.margin_bottom_mm); }, a_margin},
    {"left", [](auto& r, auto& e, auto& p) { margin(r, e, p.margin_left_mm); }, a_margin},
    {"right", [](auto& r, auto& e, auto& p) { margin(r, e, p.margin_right_mm); }, a_margin},
};

SectionShape margins_section() {
  return section_shape(margin_keys, "margins", "the page's margins in mm");
}

struct PaperSize {
  double width_mm, height_mm;
};
constexpr Option<PaperSize> paper_sizes[] = {
    {"A4", {210.0, 297.0}}, {"A5", {148.0, 210.0}}, {"A3", {297.0, 420.0}}};

constexpr Key<PageSpec> page_keys[] = {
    {"size",
     [](auto& r, auto& e, auto& p) {
       if (auto size = r.choice(e, paper_sizes)) {
         p.width_mm = size->width_mm;
         p.height_mm = size->height_mm;
       }
     },
     choice<paper_sizes>()},
    {"margins_mm",
     [](auto& r, auto& e, auto& p) {
       read_section(r, e.value, margin_keys, quoted_name("margins_mm"), p);
     },
     section(margins_section)},
};

SectionShape page_section() { return section_shape(page_keys, "page", "the paper and margins"); }

// ---- fonts ----------------------------------------------------------------------------------

// A font role's entry in 'fonts' written as a mapping.
struct FontTarget {
  FontSpec& font;
  const SpecOptions& options;
  const std::filesystem::path& base_dir;
};

std::vector<const char*> role_names() {
  std::vector<const char*> names;
  for (const FontRole role : all_font_roles) names.push_back(font_role_name(role));
  return names;
}

std::filesystem::path resolve_font(const std::string& name, const SpecOptions& opt,
                                   const std::filesystem::path& base_dir) {
  if (name.find('/') == std::string::npos) return opt.font_dir / name;
  return base_dir / name;
}

void read_fallback(YamlReader& r, const Entry& f, FontTarget& t) {
  t.font.fallback.clear();
  if (!f.value.IsSequence()) {
    r.diags().error(r.loc(f.value), core::say("'fallback' must be a list of font roles"),
                    core::say("for example fallback: [song, hei]"));
    return;
  }
  for (const auto& item : f.value) {
    const auto role = item.IsScalar() ? font_role_from_name(item.Scalar()) : std::nullopt;
    if (!role || *role == t.font.role)
      r.diags().error(r.loc(item), core::say("not another font role to fall back on"),
                      core::say("roles: {}", join(role_names())));
    else
      t.font.fallback.push_back(*role);
  }
}

constexpr Bounds face_indexes{0, 63};
constexpr Shape a_role = choice_of(role_names, "a font role");

constexpr Key<FontTarget> font_keys[] = {
    {"file",
     [](auto& r, auto& f, auto& t) {
       if (auto s = r.nonempty_string(f)) t.font.file = resolve_font(*s, t.options, t.base_dir);
     },
     text("a font file: a bare name is in the fonts folder"), true},
    {"index",
     [](auto& r, auto& f, auto& t) {
       if (auto i = r.integer(f, face_indexes)) t.font.face_index = *i;
     },
     integer(face_indexes, "the face in a collection")},
    {"fallback", read_fallback, list_of(a_role, 0, "the roles a missing character falls back on")},
};

SectionShape font_section() { return section_shape(font_keys, "font", "a font role's font"); }
constexpr Shape font_alternatives[] = {text("a font file"), section(font_section)};
constexpr Shape a_font = any_of(font_alternatives);

// ---- styles ---------------------------------------------------------------------------------

constexpr Bounds sizes_pt{5.0, 72.0};
constexpr Bounds tracking{-2.0, 5.0};
constexpr Shape a_size = number(sizes_pt, "pt");

void size(YamlReader& r, const Entry& e, double& field) {
  if (auto v = r.number(e, sizes_pt)) field = *v;
}

constexpr Key<StyleSpec> style_keys[] = {
    {"body_size_pt", [](auto& r, auto& e, auto& s) { size(r, e, s.body_size_pt); }, a_size},
    {"line_pitch_pt", [](auto& r, auto& e, auto& s) { size(r, e, s.line_pitch_pt); }, a_size},
    {"title_size_pt", [](auto& r, auto& e, auto& s) { size(r, e, s.title_size_pt); }, a_size},
    {"subtitle_size_pt", [](auto& r, auto& e, auto& s) { size(r, e, s.subtitle_size_pt); }, a_size},
    {"heading_size_pt", [](auto& r, auto& e, auto& s) { size(r, e, s.heading_size_pt); }, a_size},
    {"subheading_size_pt", [](auto& r, auto& e, auto& s) { size(r, e, s.subheading_size_pt); },
     a_size},
    {"table_size_pt", [](auto& r, auto& e, auto& s) { size(r, e, s.table_size_pt); }, a_size},
    {"caption_size_pt", [](auto& r, auto& e, auto& s) { size(r, e, s.caption_size_pt); }, a_size},
    {"note_size_pt", [](auto& r, auto& e, auto& s) { size(r, e, s.note_size_pt); }, a_size},
    {"page_number_size_pt", [](auto& r, auto& e, auto& s) { size(r, e, s.page_number_size_pt); },
     a_size},
    {"tracking_pt",
     [](auto& r, auto& e, auto& s) {
       if (auto v = r.number(e, tracking)) s.tracking_pt = *v;
     },
     number(tracking, "pt added between characters")},
};

SectionShape styles_section() { return section_shape(style_keys, "styles", "the type sizes"); }

// ---- typography -----------------------------------------------------------------------------

// typography.bold: the face a role's **bold** is set in: another role's font, or `fake` (the
// role's own font, stroked).
void read_bold_face(YamlReader& r, const Entry& e, BoldSpec& b, FontRole role) {
  const auto s = r.string(e);
  if (!s) return;
  const auto face = font_role_from_name(*s);
  if (*s == "fake") {
    b[role] = BoldFace{role, true};
  } else if (!face || *face == role) {
    r.diags().error(
        r.loc(e.value),
        core::say("'{}' is no bold for '{}': write fake or another font role", *s, e.key),
        core::say("roles: {}", join(role_names())));
  } else {
    b[role] = BoldFace{*face, false};
  }
}

// A bold face: fake, or another role.
std::vector<const char*> bold_names() {
  std::vector<const char*> names{"fake"};
  for (const char* n : role_names()) names.push_back(n);
  return names;
}
constexpr Shape a_bold = choice_of(bold_names, "fake (stroked), or another role's font");

constexpr Key<BoldSpec> bold_keys[] = {
    {"song", [](auto& r, auto& e, auto& b) { read_bold_face(r, e, b, FontRole::song); }, a_bold},
    {"hei", [](auto& r, auto& e, auto& b) { read_bold_face(r, e, b, FontRole::hei); }, a_bold},
    {"kai", [](auto& r, auto& e, auto& b) { read_bold_face(r, e, b, FontRole::kai); }, a_bold},
    {"fang", [](auto& r, auto& e, auto& b) { read_bold_face(r, e, b, FontRole::fang); }, a_bold},
    {"latin", [](auto& r, auto& e, auto& b) { read_bold_face(r, e, b, FontRole::latin); }, a_bold},
    {"latin_sans", [](auto& r, auto& e, auto& b) { read_bold_face(r, e, b, FontRole::latin_sans); },
     a_bold},
};

SectionShape bold_section() {
  return section_shape(bold_keys, "bold", "the face each role's **bold** is set in");
}

constexpr Bounds han_latin_gaps{0.0, 0.5};

constexpr Key<TypographySpec> typography_keys[] = {
    {"strict",
     [](auto& r, auto& e, auto& t) {
       if (auto v = r.boolean(e)) t.strict = *v;
     },
     boolean()},
    {"han_latin_gap_em",
     [](auto& r, auto& e, auto& t) {
       if (auto v = r.number(e, han_latin_gaps)) {
         if (*v != 0.0 && *v < 0.125)
           r.diags().error(
               r.loc(e.value), core::say("'han_latin_gap_em' must be 0 or from 0.125 to 0.5"),
               core::say("TYPOGRAPHY.md W5: a quarter em by default, 0 for the grid look"));
         else
           t.han_latin_gap_em = *v;
       }
     },
     number(han_latin_gaps, "0, or from 0.125 to 0.5 em")},
    {"trim_opening_bracket",
     [](auto& r, auto& e, auto& t) {
       if (auto v = r.boolean(e)) t.trim_opening_bracket = *v;
     },
     boolean()},
    {"bold",
     [](auto& r, auto& e, auto& t) {
       read_section(r, e.value, bold_keys, quoted_name("typography.bold"), t.bold);
     },
     section(bold_section)},
    {"normalize_punctuation",
     [](auto& r, auto& e, auto& t) {
       if (auto v = r.boolean(e)) t.normalize_punctuation = *v;
     },
     boolean("set ASCII marks in Chinese text full-width")},
};

SectionShape typography_section() {
  return section_shape(typography_keys, "typography", "the typography's options");
}

// ---- official -------------------------------------------------------------------------------

void field(YamlReader& r, const Entry& e, Field& f) {
  if (auto s = r.nonempty_string(e)) f = Field{*s, r.loc(e.value), r.text(e)};
}

void read_attachments(YamlReader& r, const Entry& e, OfficialSpec& o) {
  if (!e.value.IsSequence()) {
    r.diags().error(r.loc(e.value), core::say("'attachments' must be a list of attachment names"));
    return;
  }
  for (const auto& item : e.value) {
    Entry ie{"attachments", e.key_node, item};
    if (auto s = r.nonempty_string(ie)) o.attachments.push_back({*s, r.loc(item), r.text(ie)});
  }
}

void read_print_date(YamlReader& r, const Entry& e, OfficialSpec& o) {
  int year = 0, month = 0, day = 0;
  auto s = r.string(e);
  if (s && !parse_day(*s, year, month, day))
    r.diags().error(
        r.loc(e.value),
        core::say("'print_date' must be a date written YYYY-MM-DD, found '{}'", core::excerpt(*s)));
  o.print_year = year, o.print_month = month, o.print_day = day;
}

constexpr Key<OfficialSpec> official_keys[] = {
    {"copy_number", [](auto& r, auto& e, auto& o) { field(r, e, o.copy_number); },
     text("份号: six digits")},
    {"secrecy", [](auto& r, auto& e, auto& o) { field(r, e, o.secrecy); }, text("密级和保密期限")},
    {"urgency", [](auto& r, auto& e, auto& o) { field(r, e, o.urgency); }, text("紧急程度")},
    {"issuer_mark", [](auto& r, auto& e, auto& o) { field(r, e, o.issuer_mark); },
     text("发文机关标志")},
    {"doc_number", [](auto& r, auto& e, auto& o) { field(r, e, o.doc_number); }, text("发文字号")},
    {"recipients", [](auto& r, auto& e, auto& o) { field(r, e, o.recipients); }, text("主送机关")},
    {"attachments", read_attachments, list_of(a_text, 0, "附件: their names")},
    {"signature", [](auto& r, auto& e, auto& o) { field(r, e, o.signature); }, text("署名")},
    {"cc", [](auto& r, auto& e, auto& o) { field(r, e, o.cc); }, text("抄送机关")},
    {"printer", [](auto& r, auto& e, auto& o) { field(r, e, o.printer); }, text("印发机关")},
    {"print_date", read_print_date, text_matching(date_pattern, "印发日期: YYYY-MM-DD")},
};

SectionShape official_section() {
  return section_shape(official_keys, "official", "a GB/T 9704 document's 版头 and 版记");
}

bool digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// 发文字号: the year in 六角括号 〔〕, never [] () （） 【】 (GB/T 9704 7.2.4).
void check_doc_number(YamlReader& r, const Field& doc_number) {
  for (const auto& [open, close] : {std::pair<std::string, std::string>{"[", "]"},
                                    {"(", ")"},
                                    {"（", "）"},
                                    {"【", "】"},
                                    {"〖", "〗"}}) {
    const std::string& t = doc_number.text;
    const auto at = t.find(open);
    if (at == std::string::npos) continue;
    const auto year = t.substr(at + open.size(), 4);
    if (year.size() == 4 && digits(year) &&
        t.compare(at + open.size() + 4, close.size(), close) == 0)
      r.diags().error(
          doc_number.where,
          core::say("the year in 'doc_number' is in {}{}; write it in 〔〕", open, close),
          core::say("GB/T 9704 7.2.4: 发文字号的年份用六角括号〔〕括入, e.g. 甬统〔{}〕1号", year));
  }
}

void check_copy_number(YamlReader& r, const Field& copy_number) {
  const std::string& t = copy_number.text;
  if (!copy_number.empty() && t.find("{{") == std::string::npos && (t.size() != 6 || !digits(t)))
    r.diags().error(
        copy_number.where,
        core::say("'copy_number' (份号) must be six digits, found '{}'", core::excerpt(t)),
        core::say("GB/T 9704 7.2.1: 份号 is written with six Arabic digits, e.g. "
                  "000123"));
}

}  // namespace

void read_field(YamlReader& r, const Entry& e, Field& f) { field(r, e, f); }

Shape document_shape() { return section(document_section); }
Shape page_shape() { return section(page_section); }
Shape fonts_shape() { return map_of_names(role_names, a_font, "each font role's font"); }
Shape styles_shape() { return section(styles_section); }
Shape typography_shape() { return section(typography_section); }
Shape official_shape() { return section(official_section); }
const char* date_shape_pattern() { return date_pattern; }

void apply_preset(Preset preset, JobSpec& spec) {
  spec.preset = preset;
  if (preset != Preset::gbt9704) return;
  // GB/T 9704-2012: type area 156 × 225 mm, 28 mm from the left and 37 mm from the top.
  spec.page = PageSpec{210.0, 297.0, 37.0, 35.0, 28.0, 26.0};
  StyleSpec& s = spec.style;
  s.body_size_pt = 16.0;                              // 三号
  s.line_pitch_pt = 225.0 * 72.0 / 25.4 / 22.0;       // 22 lines: 28.991 pt
  s.tracking_pt = 156.0 * 72.0 / 25.4 / 28.0 - 16.0;  // 28 characters: pitch 15.793 pt
  s.title_size_pt = 22.0;                             // 二号
  s.subtitle_size_pt = 16.0;
  s.heading_size_pt = 16.0;
  s.subheading_size_pt = 16.0;
  s.table_size_pt = 14.0;
  s.caption_size_pt = 14.0;
  s.note_size_pt = 12.0;
  s.page_number_size_pt = 14.0;            // 四号
  spec.typography.han_latin_gap_em = 0.0;  // the grid look
}

void read_document(YamlReader& r, const YAML::Node& node, JobSpec& spec) {
  const auto entries = read_section(r, node, document_keys, quoted_name("document"), spec.meta);
  if (!node.IsMap()) return;
  if (!has_key(entries, "title"))
    r.diags().error(r.loc(node), core::say("'document' has no 'title'"));
  if (!has_key(entries, "date"))
    r.diags().error(r.loc(node), core::say("'document' has no 'date'"),
                    core::say("the date is printed on the report and is its PDF creation date: "
                              "date: 2025-11-20"));
}

void read_page(YamlReader& r, const YAML::Node& node, JobSpec& spec) {
  read_section(r, node, page_keys, quoted_name("page"), spec.page);
  if (spec.page.margin_left_mm + spec.page.margin_right_mm > spec.page.width_mm - 40.0 ||
      spec.page.margin_top_mm + spec.page.margin_bottom_mm > spec.page.height_mm - 60.0)
    r.diags().error(r.loc(node), core::say("the page margins leave too little room for text"));
}

// 'fonts' maps role names to a file (`song: FILE`) or to {file, index, fallback}.
void read_fonts(YamlReader& r, const YAML::Node& node, JobSpec& spec, const SpecOptions& opt) {
  for (const Entry& e : r.entries(node, role_names(), quoted_name("fonts"))) {
    FontSpec* target = nullptr;
    for (auto& f : spec.fonts)
      if (e.key == font_role_name(f.role)) target = &f;
    if (!target) continue;
    target->where = r.loc(e.value);
    if (e.value.IsScalar()) {
      if (auto s = r.nonempty_string(e)) target->file = resolve_font(*s, opt, spec.base_dir);
      target->face_index = 0;
      continue;
    }
    FontTarget t{*target, opt, spec.base_dir};
    const auto entries = read_section(r, e.value, font_keys, core::say("font '{}'", e.key), t);
    if (e.value.IsMap() && !has_key(entries, "file"))
      r.diags().error(r.loc(e.value), core::say("font '{}' has no 'file'", e.key));
  }
}

void read_styles(YamlReader& r, const YAML::Node& node, JobSpec& spec) {
  StyleSpec& s = spec.style;
  read_section(r, node, style_keys, quoted_name("styles"), s);
  if (s.line_pitch_pt < s.body_size_pt)
    r.diags().error(r.loc(node),
                    core::say("'line_pitch_pt' ({}) is smaller than 'body_size_pt'; lines would "
                              "overlap",
                              std::to_string(s.line_pitch_pt)));
}

void read_typography(YamlReader& r, const YAML::Node& node, JobSpec& spec) {
  spec.typography.where = r.loc(node);
  read_section(r, node, typography_keys, quoted_name("typography"), spec.typography);
}

void read_official(YamlReader& r, const YAML::Node& node, JobSpec& spec) {
  read_section(r, node, official_keys, quoted_name("official"), spec.official);
  check_doc_number(r, spec.official.doc_number);
  check_copy_number(r, spec.official.copy_number);
}

}  // namespace jb::spec::detail

namespace jb::spec {
bool parse_date(const std::string& s, int& year, int& month, int& day) {
  return detail::parse_day(s, year, month, day);
}
}  // namespace jb::spec
