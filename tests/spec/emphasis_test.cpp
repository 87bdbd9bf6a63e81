// tests/spec: emphasis in prose (**bold**, ~~kai~~): the spans the spec reads with each
// character's location, their errors, the model's emphasis per character, and the runs layout
// sets them in (the bold face or a stroke over exactly the span's glyphs).
#include <catch2/catch.hpp>

#include "core/diagnostic.hpp"
#include "data/load_indicators.hpp"
#include "layout/lay_out.hpp"
#include "model/build_document.hpp"
#include "support.hpp"

using namespace jb;

namespace {

const std::string head =
    "document: {title: 标题, date: 2025-11-20}\n"
    "data:\n"
    "  ind: {columns: [k, v], rows: [[a, '5.04']]}\n"
    "body:\n";

spec::JobSpec spec_of(const std::string& body) { return test::parse_yaml(head + body); }

const spec::TextTemplate& paragraph(const spec::JobSpec& s, std::size_t i = 0) {
  return std::get<spec::ParagraphBlock>(s.blocks.at(i).content).text;
}

// The first error of parsing `body`, as printed.
std::string error_of(const std::string& body) {
  const auto e = test::user_error_of([&] { spec_of(body); });
  REQUIRE(!e.diagnostics().empty());
  return core::format_diagnostic(e.diagnostics().front());
}

// "B" bold, "K" kai, "." plain: the emphasis of each segment, with its text.
std::vector<std::pair<std::string, std::string>> spans(const spec::TextTemplate& t) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& s : t.segments)
    out.emplace_back(s.emphasis.bold  ? (s.emphasis.kai ? "BK" : "B")
                     : s.emphasis.kai ? "K"
                                      : ".",
                     s.is_placeholder ? "{{" + s.text + "}}" : s.text);
  return out;
}

}  // namespace

TEST_CASE("emphasis: **bold** and ~~kai~~ spans of a paragraph, markers removed",
          "[spec][emphasis]") {
  const auto s =
      spec_of("  - paragraph: \"**一是工业增长{{ ind.a.v | fixed(1) }}%。**其中~~稳中有进~~。\"\n");
  using P = std::pair<std::string, std::string>;
  CHECK(spans(paragraph(s)) == std::vector<P>{{"B", "一是工业增长"},
                                              {"B", "{{ind.a.v | fixed(1)}}"},
                                              {"B", "%。"},
                                              {".", "其中"},
                                              {"K", "稳中有进"},
                                              {".", "。"}});
  // Each remaining character keeps its own column (line 5): 一 after the quote and **.
  const auto& first = paragraph(s).segments.front();
  REQUIRE(first.chars.size() == 6);
  CHECK(first.chars.front() == std::pair<int, int>{5, 19});
  const auto& kai = paragraph(s).segments[4];
  CHECK(kai.chars.front() == std::pair<int, int>{5, 57});
}

TEST_CASE("emphasis: spans nest, and a span goes on over a line of a block scalar",
          "[spec][emphasis]") {
  const auto s = spec_of("  - paragraph: |\n      **一是~~稳~~中\n      有进**。\n");
  using P = std::pair<std::string, std::string>;
  CHECK(spans(paragraph(s)) ==
        std::vector<P>{{"B", "一是"}, {"BK", "稳"}, {"B", "中\n有进"}, {".", "。\n"}});
  CHECK(paragraph(s).segments[2].chars.back() == std::pair<int, int>{7, 8});
}

TEST_CASE("emphasis: a backslash before * or ~ prints it and a lone * or ~ is text",
          "[spec][emphasis]") {
  const auto s = spec_of("  - paragraph: 带\\*\\*号为初步数，3~5年，*注\n");
  REQUIRE(paragraph(s).segments.size() == 1);
  const auto& t = paragraph(s).segments.front();
  CHECK(t.text == "带**号为初步数，3~5年，*注");
  CHECK_FALSE(t.emphasis.any());
  // The kept stars are located at themselves, not at their backslashes.
  CHECK(t.chars[1] == std::pair<int, int>{5, 18});
  CHECK(t.chars[2] == std::pair<int, int>{5, 20});
}

TEST_CASE("emphasis: an unmatched or crossed marker is an error at its line and column",
          "[spec][emphasis]") {
  CHECK(error_of("  - paragraph: 一是**工业生产稳中有进。\n") ==
        "test.yaml:5:18: error: unmatched '**': no '**' closes this bold span\n"
        "  hint: end the span with '**', or write \\*\\* (or \\~\\~) to print the two characters");
  CHECK(error_of("  - list:\n      - 其一\n      - ~~其二\n")
            .rfind("test.yaml:7:9: error: unmatched '~~': no '~~' closes this kai span", 0) == 0);
  CHECK(error_of("  - paragraph: \"**一是~~稳**中~~\"\n")
            .rfind("test.yaml:5:24: error: '**' closes the bold span across the kai span "
                   "opened at test.yaml:5:21",
                   0) == 0);
}

TEST_CASE("emphasis: one message for crossed spans and a plain value starting with ** is hinted",
          "[spec][emphasis]") {
  const auto crossed =
      test::user_error_of([] { spec_of("  - paragraph: \"**一是~~稳**中~~\"\n"); });
  CHECK(crossed.diagnostics().size() == 1);
  // YAML reads *… as an alias: the message says how to write a bold lead sentence.
  const auto e = test::user_error_of([] { spec_of("  - paragraph: **一是**工业。\n"); });
  REQUIRE(e.diagnostics().size() == 1);
  const std::string text = core::format_diagnostic(e.diagnostics().front());
  CHECK(text.rfind("test.yaml:5:16: error: invalid YAML: ", 0) == 0);
  CHECK(text.find("hint: a text that starts with ** (bold) is read as an alias: quote it") !=
        std::string::npos);
}

TEST_CASE("emphasis: a field that does not take a marker says so, located", "[spec][emphasis]") {
  CHECK(error_of("  - heading: 工业**稳**\n")
            .rfind("test.yaml:5:16: error: '**' (bold) is not taken in 'heading': a heading is "
                   "set in its level's own face (hei, kai)",
                   0) == 0);
  CHECK(error_of("  - quote: 引~~文~~\n")
            .rfind("test.yaml:5:13: error: '~~' (kai) is not taken in 'quote': a quotation is "
                   "set in kai already",
                   0) == 0);
  CHECK(error_of("  - table:\n      data: ind\n      caption: 表1　**主要**指标\n"
                 "      columns: [{column: k}]\n")
            .rfind("test.yaml:7:19: error: '**' (bold) is not taken in 'caption': emphasis is "
                   "read in paragraphs, list items and quotations only",
                   0) == 0);
  // Bold is taken in a quotation; a title's escaped stars are text.
  CHECK(spans(std::get<spec::QuoteBlock>(spec_of("  - quote: 引**文**\n").blocks[0].content).text)
            .at(1)
            .first == "B");
}

TEST_CASE("emphasis: typography.bold chooses a role's bold face or fake", "[spec][emphasis]") {
  const auto s = test::parse_yaml(
      "document: {title: t, date: 2025-11-20}\n"
      "typography:\n  bold: {song: fake, latin: latin_bold}\nbody: [page_break]\n");
  REQUIRE(s.typography.bold[vocab::FontRole::song].has_value());
  CHECK(s.typography.bold[vocab::FontRole::song]->stroked);
  CHECK(s.typography.bold[vocab::FontRole::song]->role == vocab::FontRole::song);
  CHECK(s.typography.bold[vocab::FontRole::latin]->role == vocab::FontRole::latin_bold);
  CHECK_FALSE(s.typography.bold[vocab::FontRole::latin]->stroked);
  CHECK_FALSE(s.typography.bold[vocab::FontRole::kai].has_value());
  const auto e = test::user_error_of([] {
    test::parse_yaml(
        "document: {title: t, date: 2025-11-20}\n"
        "typography:\n  bold: {song: song, fang: heavy}\nbody: [page_break]\n");
  });
  const auto d = e.diagnostics();
  REQUIRE(d.size() == 2);
  CHECK(core::format_diagnostic(d[0]).rfind(
            "test.yaml:3:16: error: 'song' is no bold for 'song': write fake or another font role",
            0) == 0);
  CHECK(core::format_diagnostic(d[1]).rfind("test.yaml:3:28: error: 'heavy' is no bold", 0) == 0);
}

TEST_CASE("emphasis: the model marks each code point of the filled text", "[model][emphasis]") {
  const auto s = spec_of(
      "  - paragraph: |\n      **一是增长\n      {{ ind.a.v }}%**，\n      ~~稳~~ ok\n"
      "  - list:\n      - \"**其一**\"\n");
  const auto doc = model::build_document(s, data::load_indicators(s));
  const auto& p = std::get<model::Paragraph>(doc.blocks.at(0));
  REQUIRE(p.text == "一是增长5.04%，稳ok");  // blanks beside CJK dropped, markers gone
  std::string marks;
  for (const auto& e : p.emphasis) marks += e.bold ? "B" : e.kai ? "K" : ".";
  CHECK(marks == "BBBBBBBBB.K..");
  CHECK(p.origin.size() == p.emphasis.size());
  CHECK(p.origin.at(10).line == 8);  // 稳: its own line and column after ~~
  CHECK(p.origin.at(10).column == 9);
  const auto& item = std::get<model::List>(doc.blocks.at(1)).items.at(0);
  REQUIRE(item.text == "——其一");
  REQUIRE(item.emphasis.size() == 4);
  CHECK_FALSE(item.emphasis[1].bold);  // the leading —— is plain
  CHECK(item.emphasis[2].bold);
  // Without markers the paragraph carries no emphasis at all.
  const auto plain = spec_of("  - paragraph: 平文\n");
  CHECK(std::get<model::Paragraph>(
            model::build_document(plain, data::load_indicators(plain)).blocks.at(0))
            .emphasis.empty());
}

namespace {

model::Document document_with(model::Paragraph p, vocab::TypographySpec typography = {}) {
  model::Document doc;
  doc.title = "标题";
  doc.date_text = "2025年11月20日";
  doc.page = {595.276, 841.89, 85.04, 85.04, 79.37, 79.37};
  for (auto role : vocab::all_font_roles) doc.fonts.push_back(test::face(role, "f.ttf"));
  doc.typography = typography;
  doc.blocks.push_back(std::move(p));
  return doc;
}

// The body's glyphs (page 1, below the title), each with its run's font and stroke.
struct Set {
  char32_t c;
  vocab::FontRole font;
  double stroke, x, y;
  double size;
};
std::vector<Set> body_glyphs(const layout::PageLayout& pl, const test::FixedWidthMeasurer& m,
                             const std::u32string& text) {
  std::vector<Set> all;
  for (const auto& r : pl.pages.at(0).runs) {
    double x = r.x_pt;
    for (char32_t c : r.text) {
      all.push_back({c, r.font, r.stroke_pt, x, r.y_pt, r.size_pt});
      x += *m.advance_em(r.font, c) * r.size_pt + r.char_space_pt;
    }
  }
  for (std::size_t i = 0; i + text.size() <= all.size(); ++i) {
    std::size_t k = 0;
    while (k < text.size() && all[i + k].c == text[k]) ++k;
    if (k == text.size())
      return {all.begin() + static_cast<std::ptrdiff_t>(i),
              all.begin() + static_cast<std::ptrdiff_t>(i + k)};
  }
  return {};
}

model::Paragraph paragraph_of(const std::u32string& text, const std::string& marks) {
  model::Paragraph p{core::encode_utf8(text), {"s.yaml", 3, 5}, {}};
  for (char m : marks) p.emphasis.push_back({m == 'B', m == 'K'});
  return p;
}

}  // namespace

TEST_CASE("emphasis: bold runs are the hei face by default, exactly over the span",
          "[layout][emphasis]") {
  test::FixedWidthMeasurer m;
  const auto pl =
      layout::lay_out(document_with(paragraph_of(U"一是增长5.0%，稳中", "BBBBBBBB.KK")), m);
  const auto gs = body_glyphs(pl, m, U"一是增长5.0%，稳中");
  REQUIRE(gs.size() == 11);
  using vocab::FontRole;
  const FontRole expected[] = {FontRole::hei,
                               FontRole::hei,
                               FontRole::hei,
                               FontRole::hei,
                               FontRole::latin_sans_bold,
                               FontRole::latin_sans_bold,
                               FontRole::latin_sans_bold,
                               FontRole::latin_sans_bold,
                               FontRole::song,
                               FontRole::kai,
                               FontRole::kai};
  for (std::size_t i = 0; i < gs.size(); ++i) {
    INFO(i);
    CHECK(gs[i].font == expected[i]);
    CHECK(gs[i].stroke == 0);
  }
  // W5 across the span's glyphs: the quarter-em gap between 长 and 5 is kept.
  CHECK(gs[4].x - (gs[3].x + 14) == Approx(0.25 * 14));
}

TEST_CASE("emphasis: bold: fake strokes the regular face over exactly the span's glyphs",
          "[layout][emphasis]") {
  test::FixedWidthMeasurer m;
  vocab::TypographySpec t;
  t.bold[vocab::FontRole::song] = vocab::BoldFace{vocab::FontRole::song, true};
  t.bold[vocab::FontRole::latin] = vocab::BoldFace{vocab::FontRole::latin, true};
  const auto plain = layout::lay_out(document_with(paragraph_of(U"一是增长5.0%，稳中", "")), m);
  const auto pl =
      layout::lay_out(document_with(paragraph_of(U"一是增长5.0%，稳中", "BBBBBBBB..."), t), m);
  const auto gs = body_glyphs(pl, m, U"一是增长5.0%，稳中"),
             ps = body_glyphs(plain, m, U"一是增长5.0%，稳中");
  REQUIRE(gs.size() == 11);
  REQUIRE(ps.size() == 11);
  for (std::size_t i = 0; i < gs.size(); ++i) {
    INFO(i);
    CHECK(gs[i].stroke == Approx(i < 8 ? 0.035 * 14 : 0.0).margin(1e-9));
    CHECK(gs[i].font == ps[i].font);  // the regular face, at the same places
    CHECK(gs[i].x == Approx(ps[i].x));
  }
}

TEST_CASE("emphasis: line breaks across a span's end keep the clreq rules", "[layout][emphasis]") {
  test::FixedWidthMeasurer m;
  // The first line holds 29 characters (2 em indent): the bold span ends at its last one, and
  // the plain 。 after it may not start the next line.
  std::u32string text(29, U'字');
  text += U"。后续文字后续文字后续文字。";
  std::string marks(29, 'B');
  marks += std::string(text.size() - 29, '.');
  const auto pl = layout::lay_out(document_with(paragraph_of(text, marks)), m);
  const auto gs = body_glyphs(pl, m, text);
  REQUIRE(gs.size() == text.size());
  std::size_t second_line = 0;
  while (second_line < gs.size() && gs[second_line].y == gs.front().y) ++second_line;
  REQUIRE(second_line < gs.size());
  CHECK(gs[second_line].c != U'。');
  for (std::size_t i = 0; i < gs.size(); ++i) {
    INFO(i);
    CHECK((gs[i].font == vocab::FontRole::hei) == (i < 29));
  }
  // The first line is still justified to the column's right edge.
  const double right = 595.276 - 79.37;
  CHECK(gs[second_line - 1].x + 14 ==
        Approx(right).margin(gs[second_line - 1].c == U'。' ? 7.01 : 0.01));
}
