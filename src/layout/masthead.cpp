// layout: preset jianbao's 报头 (masthead) on page 1 and 报尾 at the last page's foot, and the
// watermark of any preset.
//
// The proportions follow the 报头 of the statistics offices' 统计简报 / 统计分析 / 统计信息 and of
// the 政务信息 of government offices, read against GB/T 9704-2012's 版头 (§7.2): the first line of
// the type area holds the 密级 text (内部资料) flush left and the 份号 flush right; the name, red
// and centred, its em box 15 mm under the type area's top, 48 pt (a little over 初号, 42 pt) in
// song outlined to read as 小标宋 as the 发文机关标志 is, letter-spaced when short (统 计 简 报);
// the 期号 centred under it; the 编印单位 flush left and the date flush right on one line (both
// lines in fang, as the 发文字号 is); a red rule 4 mm under that line (as under the 发文字号). On
// A4 with the briefing's margins the rule lies about 100 mm under the paper's top edge: the 报头
// takes the top third of page 1, as those publications' does. The 报尾 is set as the 版记 is
// (§7.4), between two thin rules.
#include <algorithm>
#include <cmath>

#include "core/utf8.hpp"
#include "layout/composer.hpp"

namespace jb::layout::detail {

using vocab::FontRole;

namespace {

Origin field_origin(const model::Field& f) { return Origin{f.where}; }

constexpr double min_name_size_pt = 26.0;  // 一号: below it the name is no masthead

// The gap between the characters of a name: a short name is spread over the width.
double name_gap_em(std::size_t characters) {
  if (characters <= 2) return 1.0;
  if (characters <= 4) return 0.5;
  if (characters <= 6) return 0.25;
  return 0.0;
}

}  // namespace

// The 报头: see the file's comment for its proportions.
void Composer::masthead() {
  const auto& m = doc_.masthead;
  const auto& st = doc_.style;
  const TextStyle small{FontRole::hei, FontRole::latin_sans, st.body_size_pt, black};
  // The 期号, 编印单位 and date in fang, as the 发文字号 of GB/T 9704 is.
  const TextStyle plain{FontRole::fang, FontRole::latin, st.body_size_pt, black};
  // 内部资料 on the left and the 份号 on the right of the first line.
  const double first = baseline_in(top_, pitch_, st.body_size_pt);
  double left_w = 0;
  if (!m.classification.empty()) {
    const auto l = set(m.classification.text, small, width_, 0, LineAlign::left,
                       field_origin(m.classification));
    if (!l.empty()) emit(l[0], left_, first, small), left_w = l[0].natural_width_pt;
    if (l.size() > 1)
      problems_.error(m.classification.where,
                      core::say("the masthead's 'classification' does not fit on one line: '{}'",
                                excerpt(m.classification.text)));
  }
  if (!m.copy_number.empty()) {
    const auto l =
        set(m.copy_number.text, plain, width_, 0, LineAlign::right, field_origin(m.copy_number));
    if (l.size() > 1 ||
        (l.size() == 1 && left_w + l[0].natural_width_pt + 2 * st.body_size_pt > width_))
      problems_.error(m.copy_number.where,
                      core::say("the 份号 '{}' does not fit on the line of the classification",
                                excerpt(m.copy_number.text)),
                      core::say("both are printed on the masthead's first line; shorten one"));
    if (!l.empty()) emit(l[0], left_, first, plain);
  }
  // The name: one line, spread when short, made smaller (down to 一号) when long.
  const std::size_t n = core::count_code_points(m.name.text);
  TextStyle name{FontRole::song, FontRole::latin, m.name_size_pt, red};
  auto name_lines = set(m.name.text, name, 1e6, 0, LineAlign::left, field_origin(m.name));
  const double natural = name_lines.empty() ? 0.0 : name_lines[0].natural_width_pt;
  if (natural > width_) {
    name.size_pt = m.name_size_pt * width_ / natural;
    name_lines = set(m.name.text, name, 1e6, 0, LineAlign::left, field_origin(m.name));
  }
  if (name_lines.size() > 1 || name.size_pt < min_name_size_pt) {
    problems_.error(m.name.where,
                    core::say("the masthead's name does not fit on one line: '{}' would be set in "
                              "{} pt, and a masthead's name is at least 26 pt (一号)",
                              excerpt(m.name.text), static_cast<int>(name.size_pt)),
                    core::say("the name is printed on one line across the type area; shorten "
                              "masthead.name"));
  }
  if (name_lines.size() != 1) return;  // (the rest of the masthead is still checked otherwise)
  SetLine& line = name_lines[0];
  const double w = line.natural_width_pt;
  const double gap =
      n > 1 ? std::min(name_gap_em(n) * name.size_pt, (width_ - w) / static_cast<double>(n - 1))
            : 0.0;
  const double shift = (width_ - w - gap * static_cast<double>(n > 0 ? n - 1 : 0)) / 2;
  for (std::size_t k = 0; k < line.glyphs.size(); ++k)
    line.glyphs[k].x_pt += shift + gap * static_cast<double>(k);
  const double name_top = top_ - 15 * pt_per_mm;
  emit_on(page(), line, left_, name_top - ascent_em * name.size_pt, name, 0.04 * name.size_pt);
  cursor_ = name_top - name.size_pt - 4 * pt_per_mm;
  if (!m.issue.empty()) {
    flow_lines(set(m.issue.text, plain, width_, 0, LineAlign::center, field_origin(m.issue)), plain,
               pitch_);
    cursor_ -= pitch_ * 0.5;
  }
  // The 编印单位 flush left and the date flush right, on one line.
  const Origin date_origin{m.editor.empty() ? m.name.where : m.editor.where};
  const auto date = set(m.date_text, plain, width_, 0, LineAlign::right, date_origin);
  const double base = baseline_in(cursor_, pitch_, plain.size_pt);
  if (!m.editor.empty()) {
    const auto editor =
        set(m.editor.text, plain, width_, 0, LineAlign::left, field_origin(m.editor));
    if (editor.size() > 1 ||
        (!editor.empty() && !date.empty() &&
         editor[0].natural_width_pt + date[0].natural_width_pt + 2 * plain.size_pt > width_))
      problems_.error(
          m.editor.where,
          core::say("the 编印单位 does not fit on one line beside the date: '{}'",
                    excerpt(m.editor.text)),
          core::say("the masthead's line under the name holds both; shorten masthead.editor"));
    if (!editor.empty()) emit(editor[0], left_, base, plain);
  }
  for (const auto& l : date) emit(l, left_, base, plain);
  cursor_ -= pitch_;
  cursor_ += (pitch_ - plain.size_pt) / 2;  // from the grid line to the line's foot
  cursor_ -= 4 * pt_per_mm;
  if (m.double_rule) {  // thick over thin
    page().rules.push_back({left_, cursor_, left_ + width_, cursor_, 1.5, red});
    cursor_ -= 2.5;
    page().rules.push_back({left_, cursor_, left_ + width_, cursor_, 0.5, red});
  } else {
    page().rules.push_back({left_, cursor_, left_ + width_, cursor_, 1.5, red});
  }
  if (cursor_ - 2 * pitch_ < bottom_)
    problems_.error(m.name.where,
                    core::say("the masthead leaves no room for the briefing on page 1"),
                    core::say("make the page's margins or the name smaller"));
  cursor_ -= pitch_;
  snap_to_grid();
  title_block();
  cursor_ -= pitch_ * 0.5;
  snap_to_grid();
}

// 报尾 at the foot of the last page, between two thin rules: 报：, 送：, 发： each wrapped
// under its own text, and （共印N份） flush right on the last line (or a line of its own).
// When it does not fit under the last page's text it gets a page of its own.
void Composer::masthead_record() {
  const auto& m = doc_.masthead;
  TextStyle ts{FontRole::fang, FontRole::latin, 12.0, black};  // 小四 仿宋
  const double em = ts.size_pt, inner = width_ - 2 * em;
  FootRecord record{{}, 0.75, 1.8 * ts.size_pt, em, ts, false};
  const model::Field* tallest = nullptr;
  std::size_t most = 0;
  for (const auto& [label, field] : {std::pair<const char*, const model::Field*>{"报：", &m.report},
                                     {"送：", &m.send},
                                     {"发：", &m.issue_to}}) {
    if (field->empty()) continue;
    auto lines = labelled_lines(label, *field, ts, inner);
    if (lines.size() > most) most = lines.size(), tallest = field;
    for (auto& l : lines) record.rows.push_back({{std::move(l)}, 0});
  }
  if (!m.copies.empty()) {
    const auto copies = set("（共印" + m.copies.text + "份）", ts, inner, 0, LineAlign::right,
                            field_origin(m.copies));
    // On the last line when it leaves room for it, else on a line of its own.
    const SetLine* last = record.rows.empty() ? nullptr : &record.rows.back().pieces[0];
    const double last_end = last && !last->glyphs.empty()
                                ? last->glyphs.back().x_pt + last->glyphs.back().advance_pt
                                : 0.0;
    if (copies.size() > 1)
      problems_.error(
          m.copies.where,
          core::say("（共印{}份） does not fit on one line of the 报尾", excerpt(m.copies.text)),
          core::say("masthead.copies is the number of copies printed, as 50"));
    if (!last || copies.empty() || last_end + 2 * em + copies[0].natural_width_pt > inner)
      record.rows.push_back({});
    for (const auto& l : copies) record.rows.back().pieces.push_back(l);
  }
  if (record.rows.empty()) return;
  record.rows.back().rule_under_pt = 0.75;
  if (record.pitch_pt * static_cast<double>(record.rows.size()) > top_ - bottom_ + 0.01) {
    problems_.error(tallest ? tallest->where : m.copies.where,
                    core::say("the 报尾 is taller than the type area: '{}' is set in {} lines of "
                              "the type area's width ({} pt)",
                              excerpt(tallest ? tallest->text : m.copies.text), most,
                              static_cast<int>(std::floor(inner))),
                    core::say("the 报尾 is printed whole at the foot of the last page; shorten "
                              "masthead.distribution"));
    return;
  }
  place_foot_record(record);
}

// The watermark, on every page: one line in hei, light gray, turned about the type area's
// centre. Drawn first, so that the text and rules of the page lie over it.
void Composer::watermarks() {
  const auto& w = doc_.watermark;
  if (w.text.empty()) return;
  const double g = w.gray;
  const TextStyle ts{FontRole::hei, FontRole::latin_sans, w.size_pt, Rgb{g, g, g}};
  const auto lines = set(w.text.text, ts, 1e6, 0, LineAlign::left, field_origin(w.text));
  if (lines.empty()) return;
  const double length = lines[0].natural_width_pt, height = top_ - bottom_;
  const double a = w.angle_deg * M_PI / 180.0;
  const double c = std::fabs(std::cos(a)), s = std::fabs(std::sin(a));
  if (lines.size() > 1 || length * c + w.size_pt * s > width_ + 0.01 ||
      length * s + w.size_pt * c > height + 0.01) {
    problems_.error(
        w.text.where,
        core::say("the watermark '{}' does not fit in the type area at {} pt, turned "
                  "by {}°",
                  excerpt(w.text.text), static_cast<int>(w.size_pt), static_cast<int>(w.angle_deg)),
        core::say("it is printed on one line across the type area's centre; set a "
                  "smaller watermark.size_pt or a shorter text"));
    return;
  }
  Page scratch;
  // Centred on the point: the line's middle, and the middle of its em box (0.38 em over the
  // baseline).
  emit_on(scratch, lines[0], -length / 2, -(ascent_em - 0.5) * w.size_pt, ts);
  const Underlay mark{left_ + width_ / 2, bottom_ + height / 2, w.angle_deg, scratch.runs};
  for (std::size_t i = 0; i < out_.pages.size(); ++i)
    if (in_area(i)) out_.pages[i].underlays.push_back(mark);
}

}  // namespace jb::layout::detail
