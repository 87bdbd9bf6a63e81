#include "spec/parse_spec.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>
#include <utility>
#include <vector>

#include "core/text_file.hpp"
#include "core/utf8.hpp"
#include "spec/input_paths.hpp"
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

// A text the spec did not write (a column's name as its header): one literal segment.
TextTemplate literal(const std::string& text, const SourceLocation& where) {
  TextTemplate t;
  t.where = where;
  t.segments.push_back(TextSegment{false, text, where, {}});
  return t;
}


constexpr std::size_t max_spec_bytes = 1 << 20;  // a spec is prose and settings, never data

struct Entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

std::string join(const std::vector<const char*>& items) {
  std::string s;
  for (const char* i : items) {
    if (!s.empty()) s += ", ";
    s += i;
  }
  return s;
}

// Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// The allowed key nearest to a misspelt one, or "" when none is near enough to be meant.
std::string nearest_key(const std::string& key, const std::vector<const char*>& allowed) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, key.size() / 3) + 1;
  for (const char* a : allowed) {
    const std::size_t d = edit_distance(key, a);
    if (d < best_distance && d < key.size()) best = a, best_distance = d;
  }
  return best;
}

// Walks the YAML tree with a fixed schema. Never recurses into unknown content, so alias
// cycles and deep nesting in unknown keys cannot make it loop or overflow the stack.
class Reader {
 public:
  Reader(const SourceMap& source, DiagnosticList& diags, bool strict)
      : source_(source), diags_(diags), strict_(strict) {}

  SourceLocation loc(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    if (m.is_null() || m.pos < 0) return SourceLocation{file(), 0, 0};
    return source_.at(static_cast<std::size_t>(m.pos));
  }
  std::string file() const { return source_.at(0).file; }
  std::size_t offset(const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    return m.pos < 0 ? 0 : static_cast<std::size_t>(m.pos);
  }
  DiagnosticList& diags() { return diags_; }

  // The entries of a mapping, in order. Reports duplicates and unknown keys.
  std::vector<Entry> entries(const YAML::Node& map, std::initializer_list<const char*> allowed,
                             const std::string& context) {
    return entries(map, std::vector<const char*>(allowed), context);
  }
  // any_key: every plain key is accepted (a mapping of names the user chooses).
  std::vector<Entry> entries(const YAML::Node& map, const std::vector<const char*>& allowed,
                             const std::string& context, bool any_key = false) {
    std::vector<Entry> out;
    if (!map.IsMap()) {
      diags_.error(loc(map), "expected a mapping for " + context + ", found " + kind(map));
      return out;
    }
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const YAML::Node k = it->first;  // a copy: it->first lives in a temporary proxy
      if (!k.IsScalar()) {
        diags_.error(loc(k), "a key in " + context + " must be a plain name");
        continue;
      }
      const std::string key = k.Scalar();
      if (!seen.insert(key).second) {
        diags_.error(loc(k), "duplicate key '" + key + "' in " + context);
        continue;
      }
      const bool known =
          any_key || std::find_if(allowed.begin(), allowed.end(),
                                  [&](const char* a) { return key == a; }) != allowed.end();
      if (!known) {
        const std::string msg = "unknown key '" + key + "' in " + context;
        const std::string nearest = nearest_key(key, allowed);
        const std::string hint = (nearest.empty() ? "" : "did you mean '" + nearest + "'? ") +
                                 "expected one of: " + join(allowed);
        if (strict_)
          diags_.error(loc(k), msg, hint);
        else
          diags_.warning(loc(k), msg, hint);
        continue;
      }
      out.push_back({key, k, it->second});
    }
    return out;
  }

  std::optional<std::string> string(const Entry& e) {
    if (!e.value.IsScalar()) {
      diags_.error(loc(e.value), "'" + e.key + "' must be text, found " + kind(e.value));
      return std::nullopt;
    }
    return e.value.Scalar();
  }

  std::optional<std::string> nonempty_string(const Entry& e) {
    auto s = string(e);
    if (s && s->find_first_not_of(" \t\r\n") == std::string::npos) {
      diags_.error(loc(e.value), "'" + e.key + "' must not be empty");
      return std::nullopt;
    }
    return s;
  }

  std::optional<double> number(const Entry& e, double min, double max) {
    if (!e.value.IsScalar()) {
      diags_.error(loc(e.value), "'" + e.key + "' must be a number, found " + kind(e.value));
      return std::nullopt;
    }
    const std::string& s = e.value.Scalar();
    double v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) {
      diags_.error(
          loc(e.value), "'" + e.key + "' must be a number, found '" + core::excerpt(s) + "'",
          ec == std::errc::result_out_of_range ? "it is beyond any number a spec needs" : "");
      return std::nullopt;
    }
    const std::size_t sign = !s.empty() && (s[0] == '-' || s[0] == '+');
    if (s.size() > sign + 1 && s[sign] == '0' && s[sign + 1] >= '0' && s[sign + 1] <= '9') {
      diags_.error(loc(e.value), "'" + e.key + "' has a leading zero: '" + s + "'",
                   "YAML 1.1 reads 010 as octal 8; write the number without the zero");
      return std::nullopt;
    }
    if (v < min || v > max) {
      diags_.error(loc(e.value), "'" + e.key + "' is " + s + ", outside the range " + fmt_num(min) +
                                     " to " + fmt_num(max));
      return std::nullopt;
    }
    return v;
  }

  std::optional<int> integer(const Entry& e, int min, int max) {
    auto v = number(e, min, max);
    if (!v) return std::nullopt;
    if (std::floor(*v) != *v) {
      diags_.error(loc(e.value), "'" + e.key + "' must be a whole number");
      return std::nullopt;
    }
    return static_cast<int>(*v);
  }

  std::optional<bool> boolean(const Entry& e) {
    auto s = string(e);
    if (!s) return std::nullopt;
    if (*s == "true") return true;
    if (*s == "false") return false;
    diags_.error(loc(e.value), "'" + e.key + "' must be true or false, found '" + core::excerpt(*s) + "'",
                 "YAML 1.1 reads yes/no/on/off as booleans and others do not: write true or false");
    return std::nullopt;
  }

  template <typename T>
  std::optional<T> choice(const Entry& e,
                          std::initializer_list<std::pair<const char*, T>> options) {
    auto s = string(e);
    if (!s) return std::nullopt;
    std::string names;
    for (const auto& [name, value] : options) {
      if (*s == name) return value;
      names += names.empty() ? "" : ", ";
      names += name;
    }
    diags_.error(loc(e.value), "unknown " + e.key + " '" + *s + "' (expected " + names + ")");
    return std::nullopt;
  }

  TextTemplate text(const Entry& e) {
    auto s = nonempty_string(e);
    if (!s) return {};
    return parse_text_template(*s, loc(e.value), offset(e.value), source_, diags_);
  }

  static std::string kind(const YAML::Node& n) {
    switch (n.Type()) {
      case YAML::NodeType::Map:
        return "a mapping";
      case YAML::NodeType::Sequence:
        return "a list";
      case YAML::NodeType::Scalar:
        return "'" + n.Scalar() + "'";
      case YAML::NodeType::Null:
        return "nothing";
      default:
        return "an undefined value";
    }
  }

 private:
  static std::string fmt_num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
  }
  const SourceMap& source_;
  DiagnosticList& diags_;
  bool strict_;
};

bool parse_date(const std::string& s, DocumentMeta& meta) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return false;
  static constexpr int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days[m - 1]) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return false;
  meta.year = y, meta.month = m, meta.day = d;
  return true;
}

void read_document(Reader& r, const YAML::Node& node, JobSpec& spec) {
  bool has_title = false, has_date = false;
  for (const Entry& e :
       r.entries(node, {"title", "subtitle", "issuer", "date", "output", "header", "mark"},
                 "'document'")) {
    if (e.key == "title") {
      spec.meta.title = r.text(e);
      has_title = true;
    } else if (e.key == "subtitle") {
      spec.meta.subtitle = r.text(e);
    } else if (e.key == "header") {
      if (auto s = r.string(e); s && !s->empty()) spec.meta.running_header = r.text(e);
    } else if (e.key == "mark") {
      spec.meta.mark = r.text(e);
    } else if (e.key == "issuer") {
      spec.meta.issuer = r.text(e);
      spec.meta.issuer_where = r.loc(e.value);
    } else if (e.key == "date") {
      has_date = true;
      spec.meta.date_where = r.loc(e.value);
      auto s = r.string(e);
      if (s && !parse_date(*s, spec.meta))
        r.diags().error(r.loc(e.value),
                        "'date' must be a date written YYYY-MM-DD, found '" + core::excerpt(*s) + "'");
    } else if (e.key == "output") {
      auto s = r.nonempty_string(e);
      if (!s) continue;
      if (s->find("{{") != std::string::npos)
        r.diags().error(r.loc(e.value), "'output' is one file name and takes no placeholders",
                        "a batch names each report's file with each.output");
      else if (std::any_of(s->begin(), s->end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
        r.diags().error(r.loc(e.value), "'output' holds a control character",
                        "a file name is letters, digits and punctuation");
      else if (s->find('/') != std::string::npos || *s == "." || *s == ".." || s->size() < 5 ||
          s->substr(s->size() - 4) != ".pdf")
        r.diags().error(r.loc(e.value),
                        "'output' must be a file name ending in .pdf, found '" + core::excerpt(*s) + "'",
                        "the folder is chosen on the command line with -o DIR");
      else
        spec.meta.output_name = *s;
    }
  }
  if (node.IsMap()) {
    if (!has_title) r.diags().error(r.loc(node), "'document' has no 'title'");
    if (!has_date)
      r.diags().error(
          r.loc(node), "'document' has no 'date'",
          "the date is printed on the report and is its PDF creation date: date: 2025-11-20");
  }
}

void read_page(Reader& r, const YAML::Node& node, JobSpec& spec) {
  for (const Entry& e : r.entries(node, {"size", "margins_mm"}, "'page'")) {
    if (e.key == "size") {
      if (auto size = r.choice<std::pair<double, double>>(
              e, {{"A4", {210.0, 297.0}}, {"A5", {148.0, 210.0}}, {"A3", {297.0, 420.0}}})) {
        spec.page.width_mm = size->first;
        spec.page.height_mm = size->second;
      }
    } else if (e.key == "margins_mm") {
      for (const Entry& m :
           r.entries(e.value, {"top", "bottom", "left", "right"}, "'margins_mm'")) {
        auto v = r.number(m, 5.0, 100.0);
        if (!v) continue;
        if (m.key == "top") spec.page.margin_top_mm = *v;
        if (m.key == "bottom") spec.page.margin_bottom_mm = *v;
        if (m.key == "left") spec.page.margin_left_mm = *v;
        if (m.key == "right") spec.page.margin_right_mm = *v;
      }
    }
  }
  if (spec.page.margin_left_mm + spec.page.margin_right_mm > spec.page.width_mm - 40.0 ||
      spec.page.margin_top_mm + spec.page.margin_bottom_mm > spec.page.height_mm - 60.0)
    r.diags().error(r.loc(node), "the page margins leave too little room for text");
}

std::filesystem::path resolve_font(const std::string& name, const SpecOptions& opt,
                                   const std::filesystem::path& base_dir) {
  if (name.find('/') == std::string::npos) return opt.font_dir / name;
  return base_dir / name;
}

void read_fonts(Reader& r, const YAML::Node& node, JobSpec& spec, const SpecOptions& opt) {
  std::vector<const char*> names;
  for (const FontRole role : all_font_roles) names.push_back(font_role_name(role));
  for (const Entry& e : r.entries(node, names, "'fonts'")) {
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
    bool has_file = false;
    for (const Entry& f :
         r.entries(e.value, {"file", "index", "fallback"}, "font '" + e.key + "'")) {
      if (f.key == "file") {
        has_file = true;
        if (auto s = r.nonempty_string(f)) target->file = resolve_font(*s, opt, spec.base_dir);
      } else if (f.key == "index") {
        if (auto i = r.integer(f, 0, 63)) target->face_index = *i;
      } else {
        target->fallback.clear();
        if (!f.value.IsSequence()) {
          r.diags().error(r.loc(f.value), "'fallback' must be a list of font roles",
                          "for example fallback: [song, hei]");
          continue;
        }
        for (const auto& item : f.value) {
          const auto role = item.IsScalar() ? font_role_from_name(item.Scalar()) : std::nullopt;
          if (!role || *role == target->role)
            r.diags().error(r.loc(item), "not another font role to fall back on",
                            "roles: " + join(names));
          else
            target->fallback.push_back(*role);
        }
      }
    }
    if (e.value.IsMap() && !has_file)
      r.diags().error(r.loc(e.value), "font '" + e.key + "' has no 'file'");
  }
}

void read_styles(Reader& r, const YAML::Node& node, JobSpec& spec) {
  StyleSpec& s = spec.style;
  const std::pair<const char*, double*> fields[] = {
      {"body_size_pt", &s.body_size_pt},       {"line_pitch_pt", &s.line_pitch_pt},
      {"title_size_pt", &s.title_size_pt},     {"subtitle_size_pt", &s.subtitle_size_pt},
      {"heading_size_pt", &s.heading_size_pt}, {"subheading_size_pt", &s.subheading_size_pt},
      {"table_size_pt", &s.table_size_pt},     {"caption_size_pt", &s.caption_size_pt},
      {"note_size_pt", &s.note_size_pt},       {"page_number_size_pt", &s.page_number_size_pt},
      {"tracking_pt", &s.tracking_pt}};
  for (const Entry& e :
       r.entries(node,
                 {"body_size_pt", "line_pitch_pt", "title_size_pt", "subtitle_size_pt",
                  "heading_size_pt", "subheading_size_pt", "table_size_pt", "caption_size_pt",
                  "note_size_pt", "page_number_size_pt", "tracking_pt"},
                 "'styles'")) {
    for (const auto& [name, field] : fields)
      if (e.key == name)
        if (auto v = e.key == "tracking_pt" ? r.number(e, -2.0, 5.0) : r.number(e, 5.0, 72.0))
          *field = *v;
  }
  if (s.line_pitch_pt < s.body_size_pt)
    r.diags().error(r.loc(node), "'line_pitch_pt' (" + std::to_string(s.line_pitch_pt) +
                                     ") is smaller than 'body_size_pt'; lines would overlap");
}

// A preset sets the page, the sizes and the typography options; the spec's own 'page',
// 'styles' and 'typography' sections then adjust them.
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

void read_typography(Reader& r, const YAML::Node& node, JobSpec& spec) {
  TypographySpec& t = spec.typography;
  t.where = r.loc(node);
  for (const Entry& e :
       r.entries(node, {"strict", "han_latin_gap_em", "trim_opening_bracket"}, "'typography'")) {
    if (e.key == "strict") {
      if (auto v = r.boolean(e)) t.strict = *v;
    } else if (e.key == "trim_opening_bracket") {
      if (auto v = r.boolean(e)) t.trim_opening_bracket = *v;
    } else if (auto v = r.number(e, 0.0, 0.5)) {
      if (*v != 0.0 && *v < 0.125)
        r.diags().error(r.loc(e.value), "'han_latin_gap_em' must be 0 or from 0.125 to 0.5",
                        "TYPOGRAPHY.md W5: a quarter em by default, 0 for the grid look");
      else
        t.han_latin_gap_em = *v;
    }
  }
}

void read_official(Reader& r, const YAML::Node& node, JobSpec& spec) {
  OfficialSpec& o = spec.official;
  const std::pair<const char*, Field*> fields[] = {
      {"copy_number", &o.copy_number}, {"secrecy", &o.secrecy},
      {"urgency", &o.urgency},         {"issuer_mark", &o.issuer_mark},
      {"doc_number", &o.doc_number},   {"recipients", &o.recipients},
      {"signature", &o.signature},     {"cc", &o.cc},
      {"printer", &o.printer}};
  for (const Entry& e :
       r.entries(node,
                 {"copy_number", "secrecy", "urgency", "issuer_mark", "doc_number", "recipients",
                  "attachments", "signature", "cc", "printer", "print_date"},
                 "'official'")) {
    if (e.key == "attachments") {
      if (!e.value.IsSequence()) {
        r.diags().error(r.loc(e.value), "'attachments' must be a list of attachment names");
        continue;
      }
      for (const auto& item : e.value) {
        Entry ie{"attachments", e.key_node, item};
        if (auto s = r.nonempty_string(ie)) o.attachments.push_back({*s, r.loc(item), r.text(ie)});
      }
    } else if (e.key == "print_date") {
      DocumentMeta d;
      auto s = r.string(e);
      if (s && !parse_date(*s, d))
        r.diags().error(r.loc(e.value),
                        "'print_date' must be a date written YYYY-MM-DD, found '" + core::excerpt(*s) + "'");
      o.print_year = d.year, o.print_month = d.month, o.print_day = d.day;
    } else {
      for (const auto& [name, field] : fields)
        if (e.key == name)
          if (auto s = r.nonempty_string(e)) *field = Field{*s, r.loc(e.value), r.text(e)};
    }
  }
  // 发文字号: the year in 六角括号 〔〕, never [] () （） 【】 (GB/T 9704 7.2.4).
  for (const auto& [open, close] : {std::pair<std::string, std::string>{"[", "]"},
                                    {"(", ")"},
                                    {"（", "）"},
                                    {"【", "】"},
                                    {"〖", "〗"}}) {
    const std::string& t = o.doc_number.text;
    const auto at = t.find(open);
    if (at == std::string::npos) continue;
    const auto year = t.substr(at + open.size(), 4);
    if (year.size() == 4 &&
        std::all_of(year.begin(), year.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        t.compare(at + open.size() + 4, close.size(), close) == 0)
      r.diags().error(
          o.doc_number.where,
          "the year in 'doc_number' is in " + open + close + "; write it in 〔〕",
          "GB/T 9704 7.2.4: 发文字号的年份用六角括号〔〕括入, e.g. 甬统〔" + year + "〕1号");
  }
  if (!o.copy_number.empty() && o.copy_number.text.find("{{") == std::string::npos &&
      (o.copy_number.text.size() != 6 ||
                                 !std::all_of(o.copy_number.text.begin(), o.copy_number.text.end(),
                                              [](char c) { return c >= '0' && c <= '9'; })))
    r.diags().error(o.copy_number.where,
                    "'copy_number' (份号) must be six digits, found '" + core::excerpt(o.copy_number.text) + "'",
                    "GB/T 9704 7.2.1: 份号 is written with six Arabic digits, e.g. 000123");
}

// One data source: `name: FILE`, `name: {file, encoding, revised, use}` or an inline table
// `name: {columns: [...], rows: [[...], ...]}`.
void read_data_source(Reader& r, const Entry& e, DataSourceSpec& d, const JobSpec& spec) {
  if (e.value.IsScalar()) {
    if (auto file = r.nonempty_string(e)) d.file = spec.base_dir / *file;
    return;
  }
  bool has_file = false, has_rows = false;
  for (const Entry& f :
       r.entries(e.value, {"file", "encoding", "columns", "rows", "revised", "use", "header_row"},
                 "data '" + e.key + "'")) {
    if (f.key == "file") {
      has_file = true;
      if (auto file = r.nonempty_string(f)) d.file = spec.base_dir / *file, d.where = r.loc(f.value);
    } else if (f.key == "encoding") {
      if (auto enc = r.choice<Encoding>(f, {{"detect", Encoding::detect},
                                            {"utf-8", Encoding::utf8},
                                            {"utf8", Encoding::utf8},
                                            {"gb18030", Encoding::gb18030},
                                            {"gbk", Encoding::gb18030},
                                            {"gb2312", Encoding::gb18030}}))
        d.encoding = *enc;
    } else if (f.key == "use") {
      if (auto use = r.choice<bool>(f, {{"first", false}, {"revised", true}})) d.use_revised = *use;
    } else if (f.key == "header_row") {
      if (auto n = r.integer(f, 1, 1000)) d.header_row = *n;
      d.header_row_where = r.loc(f.value);
    } else if (f.key == "revised" && f.value.IsScalar()) {
      if (auto rows = r.choice<bool>(f, {{"rows", true}})) d.revised_rows = *rows;
    } else if (f.key == "revised") {
      for (const Entry& c : r.entries(f.value, std::vector<const char*>{}, "'revised'", true))
        if (auto s = r.nonempty_string(c)) d.revised.push_back({c.key, *s});
    } else if (f.key == "columns") {
      if (!f.value.IsSequence() || f.value.size() == 0) {
        r.diags().error(r.loc(f.value), "'columns' must be a non-empty list of column names");
        continue;
      }
      for (const auto& c : f.value) {
        Entry ce{"columns", f.key_node, c};
        if (auto s = r.nonempty_string(ce)) d.columns.push_back(*s);
      }
    } else if (f.key == "rows") {
      has_rows = true;
      if (!f.value.IsSequence()) {
        r.diags().error(r.loc(f.value), "'rows' must be a list of rows, each a list of cells");
        continue;
      }
      for (const auto& row : f.value) {
        if (!row.IsSequence()) {
          r.diags().error(r.loc(row), "a row must be a list of cells: [地区生产总值, 5.0]");
          continue;
        }
        std::vector<InlineCell> cells;
        for (const auto& cell : row) {
          if (cell.IsNull()) {
            cells.push_back({"", r.loc(row)});  // [a, , b] or [a, ~]: a missing value
            continue;
          }
          Entry ce{"a cell", f.key_node, cell};
          if (auto s = r.string(ce)) cells.push_back({*s, r.loc(cell)});
        }
        d.rows.push_back(std::move(cells));
      }
    }
  }
  if (has_file == (has_rows || !d.columns.empty()))
    r.diags().error(r.loc(e.value),
                    "data '" + e.key + "' needs either 'file' or 'columns' and 'rows'");
  if (d.use_revised && d.revised.empty() && !d.revised_rows)
    r.diags().error(r.loc(e.value), "'use: revised' needs 'revised', naming each column's revision",
                    "revised: {gdp_yi_yuan: gdp_revised_yi_yuan}, or revised: rows when a later "
                    "row revises an earlier one");
  if (d.header_row > 0 && has_rows)
    r.diags().error(d.header_row_where, "'header_row' is for a CSV file, not an inline table");
}

void read_each(Reader& r, const YAML::Node& node, JobSpec& spec) {
  EachSpec each;
  each.where = r.loc(node);
  bool has_data = false;
  for (const Entry& e : r.entries(node, {"data", "key", "output"}, "'each'")) {
    if (e.key == "data") {
      has_data = true;
      if (auto s = r.nonempty_string(e)) each.data = *s;
    } else if (e.key == "key") {
      if (auto s = r.nonempty_string(e)) each.key = *s;
    } else {
      each.output = r.text(e);
    }
  }
  if (node.IsMap() && !has_data)
    r.diags().error(r.loc(node), "'each' has no 'data' (the table with one row per report)");
  spec.each = std::move(each);
}

void read_checks(Reader& r, const YAML::Node& node, JobSpec& spec) {
  if (!node.IsSequence()) {
    r.diags().error(r.loc(node), "'checks' must be a list: - sum: [a, b]  total: c");
    return;
  }
  for (const auto& item : node) {
    SumCheckSpec c;
    c.where = r.loc(item);
    bool has_sum = false, has_total = false;
    for (const Entry& e : r.entries(item, {"sum", "total", "tolerance"}, "a check")) {
      if (e.key == "sum") {
        has_sum = true;
        if (!e.value.IsSequence() || e.value.size() < 2) {
          r.diags().error(r.loc(e.value), "'sum' must list at least two figures");
          continue;
        }
        for (const auto& part : e.value)
          if (auto s = r.nonempty_string(Entry{"sum", e.key_node, part})) c.parts.push_back(*s);
      } else if (e.key == "total") {
        has_total = true;
        if (auto s = r.nonempty_string(e)) c.total = *s;
      } else if (auto v = r.number(e, 0.0, 1e12)) {
        c.tolerance = *v;
      }
    }
    if (item.IsMap() && (!has_sum || !has_total))
      r.diags().error(r.loc(item), "a check needs 'sum' and 'total'");
    spec.checks.push_back(std::move(c));
  }
}

void read_data(Reader& r, const YAML::Node& node, JobSpec& spec) {
  if (!node.IsMap()) {
    r.diags().error(r.loc(node), "expected a mapping of data names to CSV files for 'data'");
    return;
  }
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string name = it->first.IsScalar() ? it->first.Scalar() : "";
    const bool valid_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    }) && !std::isdigit(static_cast<unsigned char>(name[0]));
    if (!valid_name) {
      r.diags().error(r.loc(it->first), "data name '" + name + "' must be letters, digits and _",
                      "placeholders name it, as in {{ gdp.last.gdp_yi_yuan }}");
      continue;
    }
    if (!seen.insert(name).second) {
      r.diags().error(r.loc(it->first), "duplicate data name '" + name + "'");
      continue;
    }
    DataSourceSpec d;
    d.name = name;
    d.where = r.loc(it->second);
    read_data_source(r, Entry{name, it->first, it->second}, d, spec);
    spec.data.push_back(std::move(d));
  }
}

TableBlock read_table(Reader& r, const YAML::Node& node) {
  TableBlock t;
  bool has_data = false, has_columns = false;
  for (const Entry& e :
       r.entries(node, {"data", "caption", "note", "notes", "columns"}, "'table'")) {
    if (e.key == "data") {
      has_data = true;
      if (auto s = r.nonempty_string(e)) t.data = *s;
      t.data_where = r.loc(e.value);
    } else if (e.key == "caption") {
      t.caption = r.text(e);
    } else if (e.key == "note") {
      t.note = r.text(e);
    } else if (e.key == "notes") {
      if (auto from = r.choice<bool>(e, {{"from_data", true}, {"none", false}}))
        t.notes_from_data = *from;
    } else if (e.key == "columns") {
      has_columns = true;
      if (!e.value.IsSequence() || e.value.size() == 0) {
        r.diags().error(r.loc(e.value), "'columns' must be a non-empty list");
        continue;
      }
      for (const auto& c : e.value) {
        TableColumnSpec col;
        col.where = r.loc(c);
        bool has_column = false;
        for (const Entry& ce : r.entries(c, {"header", "column", "align"}, "a table column")) {
          if (ce.key == "header") {
            if (auto s = r.string(ce); s && !s->empty()) col.header = r.text(ce);
          } else if (ce.key == "column") {
            has_column = true;
            if (auto s = r.nonempty_string(ce)) col.column = *s;
            col.where = r.loc(ce.value);
          } else if (auto a = r.choice<Align>(ce, {{"left", Align::left},
                                                   {"center", Align::center},
                                                   {"right", Align::right}})) {
            col.align = *a;
          }
        }
        if (c.IsMap() && !has_column) r.diags().error(r.loc(c), "a table column has no 'column'");
        if (col.header.empty()) col.header = literal(col.column, col.where);
        t.columns.push_back(std::move(col));
      }
    }
  }
  if (node.IsMap() && !has_data) r.diags().error(r.loc(node), "'table' has no 'data'");
  if (node.IsMap() && !has_columns) r.diags().error(r.loc(node), "'table' has no 'columns'");
  return t;
}

ChartBlock read_chart(Reader& r, const YAML::Node& node) {
  ChartBlock c;
  bool has_data = false, has_x = false, has_series = false;
  for (const Entry& e : r.entries(node,
                                  {"type", "data", "x", "series", "caption", "note", "height_mm",
                                   "rows", "sort", "style", "labels", "highlight"},
                                  "'chart'")) {
    if (e.key == "type") {
      if (auto t = r.choice<ChartType>(e, {{"bar", ChartType::bar},
                                           {"grouped", ChartType::bar},
                                           {"hbar", ChartType::hbar},
                                           {"stacked", ChartType::stacked},
                                           {"stacked100", ChartType::stacked100},
                                           {"line", ChartType::line},
                                           {"area", ChartType::area},
                                           {"bar_line", ChartType::bar_line},
                                           {"pie", ChartType::pie},
                                           {"donut", ChartType::donut}}))
        c.type = *t;
    } else if (e.key == "rows") {
      c.rows_where = r.loc(e.value);
      if (!e.value.IsSequence() || e.value.size() == 0) {
        r.diags().error(r.loc(e.value), "'rows' must list the rows to chart: [2020, 2024]");
        continue;
      }
      for (const auto& row : e.value)
        if (auto v = r.nonempty_string(Entry{"rows", e.key_node, row})) c.rows.push_back(*v);
    } else if (e.key == "sort") {
      if (auto v = r.choice<ChartSort>(e, {{"none", ChartSort::none},
                                           {"descending", ChartSort::descending},
                                           {"ascending", ChartSort::ascending}}))
        c.sort = *v;
    } else if (e.key == "style") {
      if (auto v =
              r.choice<ChartStyle>(e, {{"color", ChartStyle::color}, {"mono", ChartStyle::mono}}))
        c.style = *v;
    } else if (e.key == "labels") {
      if (auto v = r.boolean(e)) c.labels = *v;
    } else if (e.key == "highlight") {
      if (auto v = r.nonempty_string(e)) c.highlight = *v;
    } else if (e.key == "data") {
      has_data = true;
      if (auto s = r.nonempty_string(e)) c.data = *s;
      c.data_where = r.loc(e.value);
    } else if (e.key == "x") {
      has_x = true;
      if (auto s = r.nonempty_string(e)) c.x = *s;
      c.x_where = r.loc(e.value);
    } else if (e.key == "caption") {
      c.caption = r.text(e);
    } else if (e.key == "note") {
      c.note = r.text(e);
    } else if (e.key == "height_mm") {
      if (auto v = r.number(e, 30.0, 250.0)) c.height_mm = *v;
    } else if (e.key == "series") {
      has_series = true;
      if (!e.value.IsSequence() || e.value.size() == 0) {
        r.diags().error(r.loc(e.value), "'series' must be a non-empty list");
        continue;
      }
      for (const auto& s : e.value) {
        ChartSeriesSpec series;
        series.where = r.loc(s);
        bool has_column = false;
        for (const Entry& se :
             r.entries(s, {"column", "name", "unit", "axis", "revised"}, "a chart series")) {
          if (se.key == "column") {
            has_column = true;
            if (auto v = r.nonempty_string(se)) series.column = *v;
            series.where = r.loc(se.value);
          } else if (se.key == "name") {
            series.name = r.text(se);
          } else if (se.key == "unit") {
            if (auto v = r.string(se); v && !v->empty()) series.unit = r.text(se);
          } else if (se.key == "revised") {
            if (auto v = r.nonempty_string(se)) series.revised = *v;
          } else if (auto a = r.choice<Axis>(se, {{"left", Axis::left}, {"right", Axis::right}})) {
            series.axis = *a;
          }
        }
        if (s.IsMap() && !has_column) r.diags().error(r.loc(s), "a chart series has no 'column'");
        if (series.name.empty()) series.name = literal(series.column, series.where);
        c.series.push_back(std::move(series));
      }
    }
  }
  if (!node.IsMap()) return c;
  if (!has_data) r.diags().error(r.loc(node), "'chart' has no 'data'");
  if (!has_x) r.diags().error(r.loc(node), "'chart' has no 'x' (the category column)");
  if (!has_series) r.diags().error(r.loc(node), "'chart' has no 'series'");
  const auto rights = std::count_if(c.series.begin(), c.series.end(),
                                    [](const auto& s) { return s.axis == Axis::right; });
  if (c.type == ChartType::bar_line) {
    if (has_series && (rights == 0 || rights == static_cast<long>(c.series.size())))
      r.diags().error(r.loc(node),
                      "a bar_line chart needs bars on the left axis and a line on the right",
                      "give the line series 'axis: right'");
  } else if (rights > 0) {
    r.diags().error(r.loc(node), "'axis: right' is only used by bar_line charts");
  }
  if ((c.type == ChartType::pie || c.type == ChartType::donut) && c.series.size() > 1 &&
      c.rows.size() != 1)
    r.diags().error(r.loc(node),
                    "a pie of several series shows one row's columns as slices: name it",
                    "rows: [2024]");
  return c;
}

void read_blocks(Reader& r, const YAML::Node& node, JobSpec& spec) {
  if (!node.IsSequence()) {
    r.diags().error(r.loc(node), "'body' must be a list of blocks");
    return;
  }
  for (const auto& item : node) {
    Block block;
    block.where = r.loc(item);
    if (item.IsScalar() && item.Scalar() == "page_break") {
      block.content = PageBreakBlock{};
      spec.blocks.push_back(std::move(block));
      continue;
    }
    const auto entries = r.entries(item,
                                   {"heading", "level", "numbered", "paragraph", "list", "quote",
                                    "table", "chart", "page_break"},
                                   "a block");
    if (!item.IsMap()) continue;
    std::vector<const Entry*> kinds;
    const Entry* level = nullptr;
    const Entry* numbered = nullptr;
    for (const Entry& e : entries) {
      if (e.key == "level")
        level = &e;
      else if (e.key == "numbered")
        numbered = &e;
      else
        kinds.push_back(&e);
    }
    if (kinds.size() != 1) {
      r.diags().error(
          r.loc(item),
          kinds.empty()
              ? "a block needs one of heading, paragraph, list, quote, table, chart, page_break"
              : "a block has more than one of heading, paragraph, list, quote, table, chart, "
                "page_break");
      continue;
    }
    const Entry& k = *kinds.front();
    if ((level || numbered) && k.key != "heading")
      r.diags().error(r.loc((level ? level : numbered)->key_node),
                      "'level' and 'numbered' belong to a heading");
    if (k.key == "heading") {
      HeadingBlock h;
      h.text = r.text(k);
      if (level)
        if (auto v = r.integer(*level, 1, 4)) h.level = *v;
      if (numbered)
        if (auto v = r.boolean(*numbered)) h.numbered = *v;
      block.content = std::move(h);
    } else if (k.key == "paragraph") {
      block.content = ParagraphBlock{r.text(k)};
    } else if (k.key == "list") {
      ListBlock l;
      if (!k.value.IsSequence() || k.value.size() == 0)
        r.diags().error(r.loc(k.value), "'list' must be a non-empty list of items");
      else
        for (const auto& entry : k.value)
          l.items.push_back(r.text(Entry{"list", k.key_node, entry}));
      block.content = std::move(l);
    } else if (k.key == "quote") {
      block.content = QuoteBlock{r.text(k)};
    } else if (k.key == "table") {
      block.content = read_table(r, k.value);
    } else if (k.key == "chart") {
      block.content = read_chart(r, k.value);
    } else {
      block.content = PageBreakBlock{};
    }
    spec.blocks.push_back(std::move(block));
  }
}

}  // namespace

JobSpec parse_spec_text(const std::string& yaml_in, const std::string& display_name,
                        const std::filesystem::path& base_dir, const SpecOptions& options) {
  // yaml-cpp counts from 0 and has no file names; we strip a BOM ourselves so that its byte
  // offsets match our SourceMap, which turns them into 1-based lines and character columns.
  std::string_view bom_free = yaml_in;
  if (bom_free.substr(0, 3) == "\xEF\xBB\xBF") bom_free.remove_prefix(3);
  // Classic Mac OS line ends (a lone CR), which some editors still write, are lines to YAML but
  // not to yaml-cpp ("end of map not found"): each becomes LF, keeping every offset.
  std::string text(bom_free);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) text[i] = '\n';
  const std::string_view yaml = text;
  const SourceMap source(display_name, yaml);
  DiagnosticList diags;
  // YAML is Unicode, and every later stage takes the spec's text as UTF-8: a spec an editor
  // saved as GBK is refused here, at its first byte that is not UTF-8 (yaml-cpp passes such
  // bytes through; a chart drawing them failed as an internal error).
  if (std::size_t bad = 0; !core::decode_utf8(yaml, &bad)) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(yaml[bad]));
    throw core::UserError(ExitCode::invalid_spec, source.at(bad),
                          std::string("the spec is not valid UTF-8 (byte ") + byte + ")",
                          "save it as UTF-8; an editor on a Chinese Windows may have saved it "
                          "as GBK");
  }

  JobSpec spec;
  spec.spec_path = display_name;
  spec.base_dir = base_dir;
  for (const ShippedFont& f : shipped_fonts) {
    const auto chain = default_fallback(f.role);
    spec.fonts.push_back({f.role, options.font_dir / f.file, 0,
                          std::vector<FontRole>(chain.begin(), chain.end()),
                          SourceLocation{display_name, 0, 0}});
  }

  guard_yaml(std::string(yaml), source);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    SourceLocation where{display_name, e.mark.line + 1, e.mark.column + 1};
    if (e.mark.pos >= 0) where = source.at(static_cast<std::size_t>(e.mark.pos));
    throw core::UserError(ExitCode::invalid_spec, where, "invalid YAML: " + e.msg);
  }
  if (!root.IsMap()) {
    diags.error(SourceLocation{display_name, 1, 1},
                "a spec must be a mapping with 'document' and 'body'");
    diags.throw_if_errors(ExitCode::invalid_spec);
  }

  Reader r(source, diags, options.strict);
  bool has_document = false, has_body = false;
  // The preset first: the other sections adjust what it sets, wherever they are written.
  if (const YAML::Node p = std::as_const(root)["preset"]; p) {
    if (auto preset = r.choice<Preset>(
            Entry{"preset", p, p}, {{"briefing", Preset::briefing}, {"gbt9704", Preset::gbt9704}}))
      apply_preset(*preset, spec);
  }
  for (const Entry& e : r.entries(root,
                                  {"preset", "document", "page", "fonts", "styles", "typography",
                                   "official", "data", "checks", "each", "body"},
                                  "the spec")) {
    if (e.key == "preset")
      continue;  // read first, below
    else if (e.key == "typography")
      read_typography(r, e.value, spec);
    else if (e.key == "official")
      read_official(r, e.value, spec);
    else if (e.key == "checks")
      read_checks(r, e.value, spec);
    else if (e.key == "each")
      read_each(r, e.value, spec);
    else if (e.key == "document")
      has_document = true, read_document(r, e.value, spec);
    else if (e.key == "page")
      read_page(r, e.value, spec);
    else if (e.key == "fonts")
      read_fonts(r, e.value, spec, options);
    else if (e.key == "styles")
      read_styles(r, e.value, spec);
    else if (e.key == "data")
      read_data(r, e.value, spec);
    else if (e.key == "body")
      has_body = true, read_blocks(r, e.value, spec);
  }
  if (!has_document)
    diags.error(SourceLocation{display_name, 1, 1}, "the spec has no 'document' section");
  if (!has_body) diags.error(SourceLocation{display_name, 1, 1}, "the spec has no 'body' section");
  if (spec.meta.output_name.empty())
    spec.meta.output_name = std::filesystem::path(display_name).stem().string() + ".pdf";

  diags.throw_if_errors(ExitCode::invalid_spec);
  spec.warnings = diags.warnings();
  std::vector<std::filesystem::path> allowed{base_dir, options.font_dir};
  allowed.insert(allowed.end(), options.allowed_dirs.begin(), options.allowed_dirs.end());
  confine_inputs(spec, allowed);
  return spec;
}

JobSpec parse_spec(const std::filesystem::path& path, const SpecOptions& options) {
  const std::string text = core::read_text_file(path, core::SourceLocation{path.string(), 0, 0},
                                                max_spec_bytes, ExitCode::invalid_spec);
  const auto base = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  return parse_spec_text(text, path.string(), base, options);
}

}  // namespace jb::spec
