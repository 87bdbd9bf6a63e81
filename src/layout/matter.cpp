// layout: the preset's front and back matter. `briefing`: title block, running headers and
// centred page numbers. `gbt9704` (GB/T 9704-2012 §7): 版头, title and 主送机关, 附件说明,
// 署名 and 成文日期, 版记 on the last page, page numbers on the outer side.
#include <algorithm>
#include <cmath>

#include "core/utf8.hpp"
#include "layout/composer.hpp"

namespace jb::layout::detail {

using vocab::FontRole;

// ---- briefing ---------------------------------------------------------------------------------

void Composer::title_block() {
  const auto& st = doc_.style;
  // A title or subtitle taller than a page goes on over the next pages, as a paragraph does.
  const TextStyle title{FontRole::hei, FontRole::latin_sans, st.title_size_pt, black};
  flow_lines(set_title(doc_.title, title, {doc_.title_where, &doc_.title_origin}), title,
             st.title_size_pt * 1.5);
  if (!doc_.subtitle.empty()) {
    const TextStyle sub{FontRole::kai, FontRole::latin, st.subtitle_size_pt, black};
    flow_lines(set(doc_.subtitle, sub, width_, 0, LineAlign::center,
                   {doc_.subtitle_where, &doc_.subtitle_origin}),
               sub, st.subtitle_size_pt * 1.6);
  }
}

void Composer::briefing_title() {
  const auto& st = doc_.style;
  title_block();
  cursor_ -= pitch_ * 0.25;
  const TextStyle meta{FontRole::kai, FontRole::latin, st.body_size_pt, black};
  std::string line = doc_.issuer.empty() ? doc_.date_text : doc_.issuer + "　　" + doc_.date_text;
  const auto meta_lines = set(line, meta, width_, 0, LineAlign::center, {doc_.issuer_where});
  // The issuer and date keep the red rules under them on their page.
  ensure(first_part_height(meta_lines.size(), pitch_) + 6.5);
  flow_lines(meta_lines, meta, pitch_);
  ensure(6.5);
  cursor_ -= 4;
  page().rules.push_back({left_, cursor_, left_ + width_, cursor_, 1.5, red});
  page().rules.push_back({left_, cursor_ - 2.5, left_ + width_, cursor_ - 2.5, 0.5, red});
  cursor_ -= 2.5 + pitch_ * 0.5;
  snap_to_grid();
}

// Pages 2 onwards: the running header (the issuer, or document.header) on the left, the title on
// the right when both fit, over a thin rule 4 mm above the type area.
void Composer::running_headers() {
  if (doc_.running_header.empty()) return;
  const TextStyle ts{FontRole::song, FontRole::latin, doc_.style.note_size_pt, black};
  const core::SourceLocation where{"running header", 0, 0};
  // In a top margin too narrow for them (under 10 mm) the header and its rule move down: the
  // header's em box stays 2 mm inside the paper.
  const double baseline = std::min(top_ + 4 * pt_per_mm + 0.3 * ts.size_pt,
                                   paper_height() - 2 * pt_per_mm - ascent_em * ts.size_pt);
  const double rule_y = baseline - 0.3 * ts.size_pt;
  const auto left = set(doc_.running_header, ts, width_, 0, LineAlign::left, {where});
  const auto right = set(doc_.title, ts, width_, 0, LineAlign::right, {where});
  if (left.size() > 1 && out_.pages.size() > 1)
    problems_.error(
        doc_.running_header_where,
        core::say("the running header does not fit on one line: '{}' needs {} lines "
                  "of the type area's width ({} pt)",
                  excerpt(doc_.running_header), left.size(), static_cast<int>(std::floor(width_))),
        core::say("it is printed on one line above pages 2 onwards; set a shorter "
                  "document.header (without one, the header is the issuer)"));
  const bool both = left.size() == 1 && right.size() == 1 &&
                    left[0].natural_width_pt + right[0].natural_width_pt + 2 * ts.size_pt < width_;
  for (std::size_t i = 1; i < out_.pages.size(); ++i) {
    if (!in_area(i)) continue;
    Page& p = out_.pages[i];
    if (!left.empty()) emit_on(p, left[0], left_, baseline, ts);
    if (both) emit_on(p, right[0], left_, baseline, ts);
    p.rules.push_back({left_, rule_y, left_ + width_, rule_y, 0.5, black});
  }
}

// The mark (e.g. 示例数据 on a demo with made-up figures) in red at the top right of every
// page, 12 mm from the paper's edge, outside the type area.
void Composer::page_marks() {
  if (doc_.mark.empty()) return;
  const TextStyle ts{FontRole::hei, FontRole::latin_sans, doc_.style.note_size_pt, red};
  const core::SourceLocation where{"document.mark", 0, 0};
  const auto lines = set(doc_.mark, ts, width_, 0, LineAlign::right, {where});
  if (lines.empty()) return;
  if (lines.size() > 1)
    problems_.error(
        doc_.mark_where,
        core::say("the mark does not fit on one line: '{}' needs {} lines of the type "
                  "area's width ({} pt)",
                  excerpt(doc_.mark), lines.size(), static_cast<int>(std::floor(width_))),
        core::say("it is printed on one line at the top of every page; shorten "
                  "document.mark"));
  for (std::size_t i = 0; i < out_.pages.size(); ++i)
    if (in_area(i)) emit_on(out_.pages[i], lines[0], left_, paper_height() - 12 * pt_per_mm, ts);
}

// "— n —": centred (briefing), or on the outer side one character in (gbt9704: odd pages right,
// even pages left), its dashes 7 mm under the type area. A blank page and the 版记 page after
// it carry none.
void Composer::number_pages() {
  // GB/T 9704 7.5: 4号半角宋体阿拉伯数字 between 一字线: dashes and digits both in the song
  // font (its own half-width digits), not the Latin face.
  const TextStyle ts{FontRole::song, official() ? FontRole::song : FontRole::latin,
                     doc_.style.page_number_size_pt, black};
  // In a bottom margin too narrow for it the number moves up: its em box stays 2 mm inside the
  // paper.
  const double baseline = std::max(bottom_ - 7 * pt_per_mm - 0.35 * ts.size_pt,
                                   2 * pt_per_mm + (1 - ascent_em) * ts.size_pt);
  const core::SourceLocation where{"page number", 0, 0};
  for (std::size_t i = 0; i < out_.pages.size(); ++i) {
    if (!numbered_[i] || !in_area(i)) continue;
    const std::string text = "— " + std::to_string(i + 1) + " —";
    if (!official()) {
      for (const auto& l : set(text, ts, width_, 0, LineAlign::center, {where}))
        emit_on(out_.pages[i], l, left_, baseline, ts);
      continue;
    }
    const bool odd = i % 2 == 0;
    const double inset = ts.size_pt;
    // The 一字线 in the song font too, though its dash does not fill the cell as a —— must.
    Shaped s = shape_text(text, ts, {where});
    for (auto& g : s.glyphs)
      if (g.cp == U'—' && g.font != FontRole::song)
        if (const auto adv = m_.advance_em(FontRole::song, g.cp)) {
          g.font = FontRole::song;
          g.advance_pt = g.font_advance_pt = *adv * ts.size_pt;
          g.pen_offset_pt = 0;
        }
    for (const auto& l :
         set_shaped(s, ts, width_ - inset, 0, odd ? LineAlign::right : LineAlign::left))
      emit_on(out_.pages[i], l, odd ? left_ : left_ + inset, baseline, ts);
  }
}

// ---- gbt9704 ----------------------------------------------------------------------------------

namespace {

// Text with a fixed location for a field of the spec's 'official' section.
Origin field_origin(const model::Field& f) { return Origin{f.where}; }

}  // namespace

// 版头: 份号, 密级★保密期限 and 紧急程度 flush left on the first lines; the red issuer mark
// centred with its top 35 mm under the type area's top; the 发文字号 two lines under it; the red
// rule, as wide as the type area, 4 mm under the 发文字号.
void Composer::official_head() {
  const auto& o = doc_.official;
  const auto& st = doc_.style;
  TextStyle fang = body_style();
  TextStyle hei = fang;
  hei.cjk = FontRole::hei;
  auto flush_left = [&](const model::Field& f, const TextStyle& ts) {
    if (f.empty()) return;
    flow_lines(set(f.text, ts, width_, 0, LineAlign::left, field_origin(f)), ts, pitch_);
  };
  flush_left(o.copy_number, fang);
  flush_left(o.secrecy, hei);
  flush_left(o.urgency, hei);
  if (o.issuer_mark.empty()) return;

  // The mark: as large as the width allows up to 50 pt, in song outlined to read as 小标宋.
  const auto n = static_cast<double>(core::count_code_points(o.issuer_mark.text));
  TextStyle mark{FontRole::song, FontRole::latin, std::min(50.0, width_ / std::max(n, 1.0)), red};
  const double mark_top = top_ - 35 * pt_per_mm;
  if (cursor_ < mark_top - 1 || out_.pages.size() > 1)
    problems_.error(
        o.issuer_mark.where,
        core::say("the 份号, 密级 and 紧急程度 lines reach below the issuer mark's place"));
  double y = mark_top;
  for (const auto& l :
       set(o.issuer_mark.text, mark, width_, 0, LineAlign::center, field_origin(o.issuer_mark))) {
    emit_on(page(), l, left_, y - ascent_em * mark.size_pt, mark, 0.04 * mark.size_pt);
    y -= mark.size_pt * 1.1;
  }
  cursor_ = y;
  snap_to_grid();
  if (!o.doc_number.empty()) {
    skip_lines(2);
    flow_lines(
        set(o.doc_number.text, fang, width_, 0, LineAlign::center, field_origin(o.doc_number)),
        fang, pitch_);
    cursor_ += (pitch_ - st.body_size_pt) / 2;  // from the grid line to the number's foot
  }
  cursor_ -= 4 * pt_per_mm;
  page().rules.push_back({left_, cursor_, left_ + width_, cursor_, 1.0, red});
  snap_to_grid();
}

// The title two lines under the red rule (22 pt, centred), then 主送机关 one line under it,
// flush left and ending in a colon.
void Composer::official_title() {
  const auto& st = doc_.style;
  if (!doc_.official.issuer_mark.empty()) skip_lines(2);
  const TextStyle title{FontRole::song, FontRole::latin, st.title_size_pt, black};
  flow_lines(set_title(doc_.title, title, {doc_.title_where, &doc_.title_origin}), title, pitch_,
             left_, 0.02 * title.size_pt);
  const auto& to = doc_.official.recipients;
  if (to.empty()) return;
  skip_lines(1);
  std::string text = to.text;
  if (text.size() < 3 || text.substr(text.size() - 3) != "：") text += "：";
  const TextStyle ts = body_style();
  // Broken between the names' words only (国家统计局 / 江东调查总队, never 江 / 东).
  flow_lines(set_shaped(shape_words(text, ts, field_origin(to)), ts, width_, 0, LineAlign::justify),
             ts, pitch_);
}

bool Composer::tighten_lines(double need) {
  const double deficit = need - room();
  if (deficit <= 0.01) return true;
  Page& p = page();
  if (!p.charts.empty() || foot_reserved_ > 0 || p.landscape) return false;
  // Page 1's 版头 and title stay where they are; only the body under them moves.
  const double anchor = out_.pages.size() == 1 ? body_top_ : top_;
  const double used = anchor - cursor_;
  if (used <= pitch_) return false;
  const double f = (used + need - deficit) / (used + need);  // the page's lines and the closing's
  if (f < 1 - 1.5 / 22) return false;
  auto move = [&](double y) { return y < anchor + 0.01 ? anchor - (anchor - y) * f : y; };
  for (auto& r : p.runs) r.y_pt = move(r.y_pt);
  for (auto& r : p.rules) r.y1_pt = move(r.y1_pt), r.y2_pt = move(r.y2_pt);
  cursor_ = anchor - used * f;
  pitch_ *= f;
  return true;
}

bool Composer::carry_lines_to_new_page(int n) {
  Page& old = page();
  std::vector<double> baselines;  // of the page's text lines, lowest first
  for (const auto& r : old.runs)
    if (out_.pages.size() > 1 || r.y_pt < body_top_) baselines.push_back(r.y_pt);
  std::sort(baselines.begin(), baselines.end());
  baselines.erase(std::unique(baselines.begin(), baselines.end(),
                              [](double a, double b) { return std::fabs(a - b) < 0.5; }),
                  baselines.end());
  // Leave at least one body line behind, and nothing but text may lie among the carried lines.
  std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(n),
                                        baselines.empty() ? 0 : baselines.size() - 1);
  auto movable = [&](double highest) {
    for (const auto& c : old.charts)
      if (c.y_pt < highest + pitch_) return false;
    for (const auto& r : old.rules)
      if (std::min(r.y1_pt, r.y2_pt) < highest + pitch_) return false;
    return true;
  };
  while (k > 0 && !movable(baselines[k - 1])) --k;
  if (k == 0) return false;
  const double first = baselines[k - 1];  // the highest carried line
  std::vector<GlyphRun> carried, kept;
  for (auto& r : old.runs) (r.y_pt < first + 0.5 ? carried : kept).push_back(std::move(r));
  old.runs = std::move(kept);
  new_page();
  const double shift = baseline_in(top_, pitch_, body_style().size_pt) - first;
  for (auto& r : carried) {
    r.y_pt += shift;
    page().runs.push_back(std::move(r));
  }
  skip_lines(static_cast<int>(k));
  return true;
}

// 附件说明 one line under the body, two characters in; several attachments are numbered and
// their names line up. Then 署名 and 成文日期: the date four characters in from the right, the
// signature centred over it, the pair kept on one page.
void Composer::official_closing() {
  const auto& o = doc_.official;
  const TextStyle ts = body_style();
  const double em = ts.size_pt + ts.tracking_pt;
  const double label = 3 * em;  // 附件：
  // Several attachments are numbered 1. 2. (no space after the point); every name, and every
  // line of a long one, starts under the first name's first character (GB/T 9704 7.3.4).
  std::vector<SetLine> numbers;
  double number_w = 0;
  for (std::size_t i = 0; o.attachments.size() > 1 && i < o.attachments.size(); ++i) {
    const auto l = set(std::to_string(i + 1) + ".", ts, width_, 0, LineAlign::left,
                       field_origin(o.attachments[i]));
    numbers.push_back(l.empty() ? SetLine{} : l[0]);
    if (!l.empty() && !l[0].glyphs.empty())
      number_w = std::max(number_w, l[0].glyphs.back().x_pt + l[0].glyphs.back().advance_pt);
  }
  const double name_x = left_ + 2 * em + label + number_w;
  std::vector<std::vector<SetLine>> names;
  std::size_t name_lines = 0;
  for (const auto& a : o.attachments) {
    names.push_back(
        set(a.text, ts, left_ + width_ - name_x, 0, LineAlign::justify, field_origin(a)));
    name_lines += names.back().size();
  }
  const Origin date_origin{doc_.issuer_where};
  const auto date = set(doc_.date_text, ts, width_, 0, LineAlign::left, date_origin);
  const auto sign = o.signature.empty() ? std::vector<SetLine>{}
                                        : set(o.signature.text, ts, width_, 0, LineAlign::left,
                                              field_origin(o.signature));
  const bool signed_ = !date.empty() && !sign.empty();
  // What the closing needs on the page: a blank line and the attachment lines; two blank lines
  // (room for the seal), the signature and the date. When it does not fit, the body's last two
  // lines go over with it.
  const double need = (names.empty() ? 0.0 : pitch_ * static_cast<double>(name_lines + 1)) +
                      (signed_ ? 4 * pitch_ : 0.0);
  auto make_room = [&](double height) {
    if (height > room() + 0.01 && !page_empty() && !tighten_lines(height) &&
        !carry_lines_to_new_page(2))
      new_page();
  };
  make_room(need);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i == 0 && !page_empty()) skip_lines(1);
    ensure(first_part_height(names[i].size(), pitch_));  // its number with its first lines
    const double baseline = baseline_in(cursor_, pitch_, ts.size_pt);
    if (i == 0)
      for (const auto& l :
           set("附件：", ts, width_, 0, LineAlign::left, field_origin(o.attachments[0])))
        emit(l, left_ + 2 * em, baseline, ts);
    if (i < numbers.size()) emit(numbers[i], left_ + 2 * em + label, baseline, ts);
    // A name longer than the page goes on over the next.
    flow_lines(names[i], ts, pitch_, name_x);
  }
  if (!signed_) return;
  if (sign.size() > 1)
    problems_.error(
        o.signature.where,
        core::say("the 署名 does not fit on one line: '{}' needs {} lines of the type "
                  "area's width ({} pt)",
                  excerpt(o.signature.text), sign.size(), static_cast<int>(std::floor(width_))),
        core::say("it is set on one line over the 成文日期; shorten official.signature"));
  make_room(4 * pitch_);  // after long attachments: the signature and date still together
  if (!page_empty()) skip_lines(2);  // room for the seal
  const double date_right = left_ + width_ - 4 * em;
  const double date_left = date_right - date[0].natural_width_pt;
  double sign_left = (date_left + date_right) / 2 - sign[0].natural_width_pt / 2;
  // A signature wider than the date moves left so that it still ends two characters in (but
  // never out of the type area).
  sign_left =
      std::max(left_, std::min(sign_left, left_ + width_ - 2 * em - sign[0].natural_width_pt));
  emit(sign[0], sign_left, baseline_in(cursor_, pitch_, ts.size_pt), ts);
  cursor_ -= pitch_;
  emit(date[0], date_left, baseline_in(cursor_, pitch_, ts.size_pt), ts);
  cursor_ -= pitch_;
}

std::vector<SetLine> Composer::labelled_lines(const std::string& label, const model::Field& f,
                                              const TextStyle& ts, double width) {
  const auto head = set(label, ts, width, 0, LineAlign::left, field_origin(f));
  // The label's colon keeps its whole cell (抄送：): it ends the label, not a line.
  const double label_w = head.empty() || head[0].glyphs.empty()
                             ? 0
                             : head[0].glyphs.back().x_pt + head[0].glyphs.back().advance_pt;
  auto lines = set(f.text, ts, width - label_w, 0, LineAlign::justify, field_origin(f));
  for (auto& line : lines)
    for (auto& g : line.glyphs) g.x_pt += label_w;
  if (!lines.empty() && !head.empty())
    lines[0].glyphs.insert(lines[0].glyphs.begin(), head[0].glyphs.begin(), head[0].glyphs.end());
  return lines;
}

// The record sits on the last page's foot, its last rule on the type area's bottom edge; when
// it does not fit under the last page's text it gets a page of its own.
void Composer::place_foot_record(const FootRecord& r) {
  const double height = r.pitch_pt * static_cast<double>(r.rows.size());
  if (room() - height < -0.01 || out_.pages.empty()) {
    if (r.back_of_sheet && out_.pages.size() % 2 == 0) {  // the next page would be odd
      new_page();
      numbered_.push_back(false);
    }
    new_page();
    numbered_.push_back(!r.back_of_sheet);
  }
  // The page's footnotes go over it (place_footnotes).
  record_height_ = height + (foot_reserved_ > 0 ? 0.5 * pitch_ : 0.0);
  Page& p = out_.pages.back();
  double y = bottom_ + height;
  p.rules.push_back({left_, y, left_ + width_, y, r.top_rule_pt, black});
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const double base = baseline_in(y, r.pitch_pt, r.style.size_pt);
    for (const auto& piece : r.rows[i].pieces) emit_on(p, piece, left_ + r.inset_pt, base, r.style);
    y -= r.pitch_pt;
    if (r.rows[i].rule_under_pt <= 0) continue;
    const double at = i + 1 == r.rows.size() ? bottom_ : y;
    p.rules.push_back({left_, at, left_ + width_, at, r.rows[i].rule_under_pt, black});
  }
}

// 版记 at the foot of the last page: a thick rule, 抄送 (wrapped under its own text), a thin
// rule, 印发机关 on the left and the date + 印发 on the right, a thick rule on the type area's
// bottom edge. Set in 四号 fang with one-character insets. When it does not fit under the last
// page's text it gets its own page, on an even page (the back of a sheet): an odd one is
// preceded by a blank page, and neither carries a page number.
void Composer::official_record() {
  const auto& o = doc_.official;
  if (o.cc.empty() && o.printer.empty()) return;
  TextStyle ts = body_style();
  ts.size_pt = 14;
  ts.tracking_pt = 0;
  const double em = ts.size_pt;
  std::vector<SetLine> cc;
  if (!o.cc.empty()) {
    std::string text = o.cc.text;
    if (text.size() < 3 || text.substr(text.size() - 3) != "。") text += "。";
    cc = labelled_lines("抄送：", model::Field{text, o.cc.where}, ts, width_ - 2 * em);
  }
  const double height = pitch_ * static_cast<double>(cc.size() + 1);
  if (height > top_ - bottom_ + 0.01) {  // it would reach above the paper
    problems_.error(o.cc.where,
                    core::say("the 版记 is taller than the type area: its 抄送, '{}', is set in {} "
                              "lines",
                              excerpt(o.cc.text), cc.size()),
                    core::say("the 版记 is printed whole at the foot of the last page (GB/T 9704 "
                              "§7.4); shorten official.cc"));
    return;
  }
  FootRecord record{{}, 0.35 * pt_per_mm, pitch_, em, ts, true};
  for (auto& l : cc) record.rows.push_back({{std::move(l)}, 0});
  if (!cc.empty()) record.rows.back().rule_under_pt = 0.25 * pt_per_mm;
  FootRow last{{}, 0.35 * pt_per_mm};
  const core::SourceLocation where = o.printer.empty() ? o.cc.where : o.printer.where;
  const auto printed = set(doc_.official.print_date_text + "印发", ts, width_ - 2 * em, 0,
                           LineAlign::right, Origin{where});
  if (!o.printer.empty()) {
    const auto printer =
        set(o.printer.text, ts, width_, 0, LineAlign::left, field_origin(o.printer));
    // One line: the 印发机关 on the left, the date on the right, neither over the other.
    if (printer.size() > 1 ||
        (!printer.empty() && !printed.empty() &&
         printer[0].natural_width_pt + printed[0].natural_width_pt + em > width_ - 2 * em))
      problems_.error(o.printer.where,
                      core::say("the 印发机关 does not fit on one line beside the 印发日期: '{}'",
                                excerpt(o.printer.text)),
                      core::say("the 版记's last line holds both; shorten official.printer"));
    if (!printer.empty()) last.pieces.push_back(printer[0]);
  }
  for (const auto& l : printed) last.pieces.push_back(l);
  record.rows.push_back(std::move(last));
  place_foot_record(record);
}

}  // namespace jb::layout::detail
