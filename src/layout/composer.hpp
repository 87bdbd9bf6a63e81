// layout (internal): the Composer walks a Document and fills a PageLayout. Its work is split by
// subject: shaper.cpp shapes text, composer.cpp sets it in lines and flows lines over pages,
// blocks.cpp places the body's blocks (table.cpp its tables), matter.cpp the preset's front and
// back matter (title, 版头, 署名, 版记, headers, page numbers).
#pragma once

#include <algorithm>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/units.hpp"
#include "layout/line_breaker.hpp"
#include "layout/page_layout.hpp"
#include "layout/shaper.hpp"
#include "layout/text_measurer.hpp"
#include "model/document.hpp"

namespace jb::layout::detail {

using core::pt_per_mm;
constexpr double ascent_em = 0.88;  // baseline inside a CJK em box (ideographic descent 0.12 em)
constexpr Rgb red{0.86, 0.0, 0.0};

// The first characters of a text (all of a short one), for a message.
std::string excerpt(const std::string& text);

// A table on its way to the page (table.cpp).
struct CellSet;
struct TableText;
struct ColumnMeasures;
struct TableSet;

// Lines set for a block, with the pitch they are placed at.
struct Lines {
  std::vector<SetLine> lines;
  TextStyle style;
  double pitch_pt = 0;
  double space_before_pt = 0;
  double height() const {
    return lines.empty() ? 0.0 : space_before_pt + pitch_pt * static_cast<double>(lines.size());
  }
};

class Composer {
 public:
  Composer(const model::Document& doc, const TextMeasurer& m);
  PageLayout run();

 private:
  bool official() const { return doc_.preset == vocab::Preset::gbt9704; }
  bool jianbao() const { return doc_.preset == vocab::Preset::jianbao; }

  // ---- text (composer.cpp) -------------------------------------------------------------------
  Shaped shape_text(const std::string& utf8, const TextStyle& ts, const Origin& o) {
    return shaper_.shape(utf8, ts, o);
  }
  // A text that breaks only between words (titles, 主送, headings, table headers, a
  // quotation's source): shaped, its breaks kept where a word starts (keep_words).
  Shaped shape_words(const std::string& utf8, const TextStyle& ts, const Origin& o);
  std::vector<SetLine> set_shaped(const Shaped& s, const TextStyle& ts, double width, double indent,
                                  LineAlign align);
  std::vector<SetLine> set(const std::string& utf8, const TextStyle& ts, double width,
                           double indent, LineAlign align, const Origin& o);
  double natural_width(const Shaped& s, const TextStyle& ts);
  // A title: centred, broken only between words (P2), its lines balanced as evenly as the
  // words allow (the 梯形/菱形 shapes of GB/T 9704), never one character alone on a line.
  std::vector<SetLine> set_title(const std::string& utf8, const TextStyle& ts, const Origin& o);
  void emit(const SetLine& line, double x0, double baseline, const TextStyle& ts);
  void emit_on(Page& target, const SetLine& line, double x0, double baseline, const TextStyle& ts,
               double stroke_pt = 0);

  // ---- pages (composer.cpp) ------------------------------------------------------------------
  Page& page() { return out_.pages.back(); }
  void new_page() { new_page(landscape_); }  // turned as the page before it
  void new_page(bool landscape);
  void drop_last_page();  // an empty last page: the one before it is the last again
  // The type area of the pages turned `landscape` (or not) in left_, width_, top_ and bottom_;
  // a landscape page has the portrait page's margins turned with it.
  void use_area(bool landscape);
  double paper_height() const { return landscape_ ? out_.width_pt : out_.height_pt; }
  // Whether page i is turned the way of the area in use (the finishing passes set each way's).
  bool in_area(std::size_t i) const { return out_.pages[i].landscape == landscape_; }
  template <class F>
  void for_each_area(F&& pass) {
    for (const bool way : {false, true})
      if (std::any_of(out_.pages.begin(), out_.pages.end(),
                      [&](const Page& p) { return p.landscape == way; }))
        use_area(way), pass();
  }
  // Which blocks go on landscape pages: a landscape heading's section, a landscape table and an
  // automatic one too wide for the portrait type area, a heading waiting for one of them.
  std::vector<bool> landscape_blocks();
  // The next block's pages turned `landscape`: this page when nothing is on it, else a new one.
  void turn_pages(bool landscape);
  bool page_empty() const { return cursor_ >= top_ - 0.01; }
  static bool blank(const Page& p) { return p.runs.empty() && p.rules.empty() && p.charts.empty(); }
  double room() const { return cursor_ - bottom_ - foot_reserved_; }  // above the page's footnotes
  void ensure(double height);
  void snap_to_grid();
  double baseline_in(double box_top, double box_height, double size) const;
  TextStyle body_style() const;
  // How many of `count` lines go on this page at `pitch` when `reserved` height must stay free
  // below them, honouring orphans and widows (0: none, start a new page).
  std::size_t lines_that_fit(std::size_t count, std::size_t done, double pitch,
                             double room_pt) const;
  // The least height that takes the first lines of `count` onto a page (a short block whole).
  double first_part_height(std::size_t count, double pitch) const;
  double first_part_height(const Lines& l) const;
  void flow_lines(const std::vector<SetLine>& lines, const TextStyle& ts, double line_pitch,
                  double x0 = -1, double stroke_pt = 0);
  void emit_lines(const Lines& l);

  // ---- blocks (blocks.cpp) -------------------------------------------------------------------
  void place(const model::Heading& h, const model::Block* next);
  void place(const model::Paragraph& p, const model::Block* next);
  void place(const model::List& l, const model::Block* next);
  void place(const model::Quote& q, const model::Block* next);
  void place(const model::PageBreak&, const model::Block* next);
  void place(const model::ChartRef& ref, const model::Block* next);
  void place(const model::Table& t, const model::Block* next);
  // The chart's box `height` tall under its caption (and a waiting heading), its note below.
  void place_chart(std::size_t index, double height, const Lines& cap, const Lines& note);
  TextStyle heading_style(int level) const;
  std::vector<SetLine> heading_lines(const model::Heading& h);
  std::vector<SetLine> paragraph_lines(const model::Paragraph& p);
  // A quotation's lines (kai, two characters in on both sides) and its source's under them.
  TextStyle quote_style() const;
  std::vector<SetLine> quote_lines(const model::Quote& q);
  // The height the next block needs on this page to keep a heading with it.
  double first_lines_height(const model::Block& next);
  Lines caption_lines(const std::string& text, const Origin& where);
  // A heading set just before a table or chart, placed by that block with its first part.
  void emit_pending_heading();
  Lines note_lines(const std::string& text, const Origin& where);
  // A chart on its way to the page: its caption and note set, its box's height, and whether it
  // goes on one page with them (`whole`, its box giving up to a quarter of its height for them)
  // or over two; `first` is what must fit where it starts, `total` all it takes.
  struct ChartParts {
    Lines cap, note;
    double height = 0, first = 0, total = 0;
    bool whole = true;
  };
  ChartParts chart_parts(const model::ChartRef& ref);

  // ---- floats (floats.cpp) -------------------------------------------------------------------
  // A float (a table or chart marked `floating`) whose first part does not fit on the rest of
  // the page waits: the text after it fills the page, and it goes to the top of the next one.
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  struct Waiting {
    std::size_t block = 0;
    std::size_t reference = npos;  // not placed before this block is reached (npos: any time)
    bool over_pages = false;       // a table taller than a page
  };
  bool is_float(const model::Block& b) const;
  // What a float's first part takes on this page (its caption, header and first rows; a chart
  // whole), and all of it.
  std::pair<double, double> float_need(const model::Block& b);
  // Per block: the level of the heading whose section it is in (0: none); per float: the block
  // of its first reference (见图2, 如表1所示) when it comes after it in its section.
  void plan_floats();
  // Whether block i waits for the next page (or its reference) instead of being placed now.
  bool defer(std::size_t i);
  // Whether the waiting floats go before block i: a heading of their level or above, a heading
  // waiting for a table or chart, a table or chart that does not float, a notes block, a page
  // break; before a table taller than a page, a paragraph that does not fit whole.
  bool stops_floats(std::size_t i);
  // Whether the float at block i placed here leaves room for its first reference after it.
  bool reference_fits_after(std::size_t i, double float_height);
  void place_block(std::size_t i);  // recording its pages
  // The waiting floats in order: all of them (`all`), or those at the head of the queue whose
  // reference has come and that fit on this page.
  void place_waiting(bool all);
  std::vector<SetLine> text_lines(const model::Block& b);  // a paragraph's, list's, quotation's

  // ---- notes and footnotes (notes.cpp) -------------------------------------------------------
  TextStyle note_style() const;
  double note_pitch() const { return doc_.style.note_size_pt * 1.6; }
  // A note's lines: `leads` (注：, its number, ①) on the first line at their x, the text from
  // `text_x` on, every line after the first hanging under the text.
  std::vector<SetLine> hanging_lines(const std::string& text, const Origin& o, double text_x,
                                     const std::vector<std::pair<std::string, double>>& leads);
  // 注：1.… 2.… (one note: 注：…), then the note (资料来源), in one note style.
  Lines notes_lines(const std::vector<model::Note>& notes, const std::string& note,
                    const Origin& note_where);
  void place(const model::Notes& n, const model::Block* next);
  // How much the footnotes of this line's markers add to this page's foot when it is set here.
  double foot_growth(const SetLine& line);
  double foot_growth(const Lines& l);
  double feet_height(std::size_t page);      // the footnotes set at its foot, with their rule
  double footnote_height(std::size_t note);  // its lines at the foot
  // The number (1 for ①) footnote `note` has on page `page`, which takes the note onto its foot.
  int footnote_number(std::size_t page, std::size_t note);
  const std::vector<SetLine>& footnote_text(std::size_t note);  // hanging after its number
  double footnote_text_x() const;
  void place_footnotes();  // every page's footnotes at its foot, under a short rule

  // ---- tables (table.cpp) -------------------------------------------------------------------
  TableText shape_table(const model::Table& t, const TextStyle& head, const TextStyle& cell,
                        bool whole_words);
  ColumnMeasures measure_columns(const model::Table& t, const TableText& text, const TableSet& s);
  void widen_for_groups(const model::Table& t, const TableSet& s, ColumnMeasures& m);
  std::vector<double> table_widths(const model::Table& t, const ColumnMeasures& m);
  TableSet table_style() const;
  TableSet set_table(const model::Table& t);
  bool table_fits(const model::Table& t, double width);  // its columns, headers in whole words
  void draw_table_row(const TableSet& s, const std::vector<CellSet>& row, const TextStyle& ts,
                      std::size_t from, std::size_t to);
  void table_rule(double width);
  void set_groups(const model::Table& t, TableSet& s);
  void draw_grouped_header(const TableSet& s);
  double table_row_need(const TableSet& s, std::size_t i, const Lines& note);
  void grid_rules(const TableSet& s);
  void start_table(const TableSet& s);
  void break_table(const TableSet& s);
  // What the table's first part takes where it starts: its caption, header and first rows
  // (`together`), or, when they are taller than a page, the first lines of its caption.
  double table_lead(const TableSet& s, const Lines& cap, const Lines& note, bool& together);
  std::pair<double, double> table_need(const model::Table& t);  // first part, all (floats)
  void place_table_caption(const TableSet& s, const Lines& cap, const Lines& note);
  void place_table_rows(const TableSet& s, const Lines& note);

  // ---- front and back matter (matter.cpp) ----------------------------------------------------
  void briefing_title();
  void title_block();    // the briefing's title and subtitle
  void official_head();  // 版头: 份号, 密级, 紧急程度, issuer mark, 发文字号, red rule
  void official_title();    // title and 主送机关
  void official_closing();  // 附件说明, 署名, 成文日期
  void official_record();   // 版记 on the last page: 抄送, 印发机关 and 印发日期, rules
  void running_headers();   // briefing: a header on pages 2 onwards
  void page_marks();        // document.mark (示例数据) at the top of every page
  void number_pages();
  void skip_lines(int n) { cursor_ -= n * pitch_; }
  // Starts a new page carrying the current page's last lines of text (up to `n`, and never all
  // of the body on page 1) with it, so that the 署名 page is never without body text (GB/T 9704
  // 7.3.5). False when no line can go (a table or chart ends the page): then nothing moved.
  bool carry_lines_to_new_page(int n);
  // Makes `need` fit under this page's body by setting its lines closer (GB/T 9704 7.3.5:
  // 调整行距), by at most a line and a half of the page's 22; the rest of the document keeps
  // the closer pitch. False (and nothing moved) when that is not enough, or the page holds a
  // chart or footnotes.
  bool tighten_lines(double need);

  // ---- preset jianbao and the watermark (masthead.cpp) --------------------------------------
  // A record at the last page's foot (matter.cpp: the 版记 and the 报尾 use it): `rows`, `pitch`
  // apart, between rules.
  struct FootRow {
    std::vector<SetLine> pieces;  // set in the record's width (one em in from both sides)
    double rule_under_pt = 0;     // the last row's rule lies on the type area's foot
  };
  struct FootRecord {
    std::vector<FootRow> rows;
    double top_rule_pt = 0, pitch_pt = 0, inset_pt = 0;
    TextStyle style;
    bool back_of_sheet = false;  // a page of its own is even, and neither it nor a blank one
                                 // before it is numbered (GB/T 9704 版记)
  };
  void place_foot_record(const FootRecord& r);
  // "label：text" set in `width`, the text's lines hanging under its first character.
  std::vector<SetLine> labelled_lines(const std::string& label, const model::Field& f,
                                      const TextStyle& ts, double width);
  void masthead();  // jianbao 报头: 密级 and 份号, name, 期号, 编印单位 and date, red rule
  void masthead_record();  // jianbao 报尾 on the last page: 报、送、发, 共印N份, rules
  void watermarks();       // document.watermark behind the text of every page

  const model::Document& doc_;
  const TextMeasurer& m_;
  PageLayout out_;
  core::DiagnosticList problems_;
  Shaper shaper_;  // reports to problems_
  double left_ = 0, width_ = 0, top_ = 0, bottom_ = 0, pitch_ = 0, cursor_ = 0;
  bool landscape_ = false;      // the way of the area in left_ … bottom_
  std::vector<bool> numbered_;  // per page: whether it carries a page number
  double body_top_ = 0;         // on page 1: where the body starts (under the title)
  std::optional<Lines> pending_heading_;
  double table_top_ = 0;  // where the table's part on this page starts (for `rules: grid`)
  std::vector<std::vector<std::size_t>> feet_;  // per page: the footnotes set at its foot
  std::vector<std::optional<std::vector<SetLine>>> footnote_text_;  // each set once
  double foot_reserved_ = 0;        // the current page's footnotes, with their rule
  std::vector<double> page_ends_;   // per page but the last: where its body ended (cursor_)
  double record_height_ = 0;        // the record (版记, 报尾) at the last page's foot, under
                                    // its footnotes
  std::deque<Waiting> waiting_;     // the floats waiting for a page, in order
  bool placing_floats_ = false;     // place_waiting at work: a new page places none
  std::size_t current_ = 0;         // the block being placed
  std::vector<int> section_level_;  // per block (plan_floats)
  std::vector<std::size_t> first_reference_;  // per block (plan_floats)
};

}  // namespace jb::layout::detail
