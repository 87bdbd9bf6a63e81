// tests/e2e: the demo rendered by the real binary, checked through poppler and qpdf; the
// command line's exit codes; a failed run never touches the last good PDF.
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <sstream>

#include "data/load_indicators.hpp"
#include "model/build_document.hpp"
#include "support.hpp"

using namespace jb;

namespace {

const std::string bin = test::jianbao;
const std::filesystem::path demo = test::source_dir / "templates/ningbo/briefing.yaml";

std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

test::CommandResult render(const std::filesystem::path& spec, const std::filesystem::path& out) {
  return test::run(bin + " -q render " + q(spec) + " -o " + q(out));
}

// The demo rendered once for all the checks below.
const std::filesystem::path& demo_pdf() {
  static test::TempDir dir;
  static const std::filesystem::path pdf = [&] {
    const auto r = render(demo, dir.path());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return dir.path() / "ningbo-briefing.pdf";
  }();
  return pdf;
}

}  // namespace

TEST_CASE("demo: the extracted text holds every paragraph + heading and figure", "[e2e]") {
  const auto text = test::run("pdftotext -enc UTF-8 " + q(demo_pdf()) + " -");
  REQUIRE(text.exit_code == 0);
  CHECK(text.err.empty());  // no ToUnicode or other warnings
  const auto spec = spec::parse_spec(demo, {test::font_dir, true, {test::source_dir / "data"}});
  const auto doc = model::build_document(spec, data::load_indicators(spec));
  // Page numbers and running headers stand between the parts of a paragraph that spans pages:
  // drop them.
  std::string body =
      test::strip_whitespace(std::regex_replace(text.out, std::regex("— ?[0-9]+ ?—"), ""));
  const std::string header = test::strip_whitespace(doc.running_header + doc.title);
  int headers = 0;
  for (auto at = body.find(header); at != std::string::npos; at = body.find(header, at), ++headers)
    body.erase(at, header.size());
  CHECK(headers >= 5);
  CHECK(body.find(test::strip_whitespace(doc.title)) != std::string::npos);
  int paragraphs = 0, headings = 0;
  for (const auto& b : doc.blocks) {
    if (const auto* p = std::get_if<model::Paragraph>(&b)) {
      INFO(p->text);
      CHECK(body.find(test::strip_whitespace(p->text)) != std::string::npos);
      ++paragraphs;
    } else if (const auto* h = std::get_if<model::Heading>(&b)) {
      CHECK(body.find(test::strip_whitespace(h->number + h->text)) != std::string::npos);
      ++headings;
    } else if (const auto* t = std::get_if<model::Table>(&b)) {
      // Every figure of the table; text cells may wrap, and a wrapped cell's lines are
      // extracted interleaved with its neighbours', so only figures are matched whole.
      for (const auto& row : t->rows)
        for (const auto& cell : row)
          if (std::regex_match(cell, std::regex("[0-9.,%—-]+"))) {
            INFO(cell);
            CHECK(body.find(cell) != std::string::npos);
          }
    }
  }
  CHECK(paragraphs >= 12);
  CHECK(headings >= 4);
  // The chart's labels are text too (drawn by Cairo, placed as a Form XObject).
  CHECK(body.find("比上年增长") != std::string::npos);
  CHECK(body.find("18147.7") != std::string::npos);
}

TEST_CASE("demo: no body line of the PDF starts or ends with a forbidden mark (B1)", "[e2e]") {
  const auto text = test::run("pdftotext -enc UTF-8 " + q(demo_pdf()) + " -");
  const std::u32string no_start = U"，。、；：？！）》〉」』】〕〗］｝”’～·‧・%‰";
  const std::u32string no_end = U"（《〈「『【〔〖［｛“‘";
  std::istringstream lines(text.out);
  std::string line;
  int checked = 0;
  while (std::getline(lines, line)) {
    auto l = core::decode_utf8(line).value_or(U"");
    std::erase(l, U' ');
    std::erase(l, U'\f');
    if (l.size() < 12) continue;  // page numbers, chart labels, table cells: not body lines
    INFO(line);
    CHECK(no_start.find(l.front()) == std::u32string::npos);
    CHECK(no_end.find(l.back()) == std::u32string::npos);
    ++checked;
  }
  CHECK(checked > 120);  // the demo has about 135 body lines
}

TEST_CASE("demo: fonts embedded + structure valid + charts placed as Form XObjects", "[e2e]") {
  const auto fonts = test::run("pdffonts " + q(demo_pdf()));
  REQUIRE(fonts.exit_code == 0);
  std::istringstream lines(fonts.out);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    if (++n <= 2) continue;
    INFO(line);
    CHECK(std::regex_search(line, std::regex(" yes +yes +yes +[0-9]+ +0$")));  // emb sub uni
  }
  CHECK(n >= 2 + 5);

  const auto check = test::run("qpdf --check " + q(demo_pdf()));
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);

  const auto info = test::run("pdfinfo " + q(demo_pdf()));
  std::smatch m;
  REQUIRE(std::regex_search(info.out, m, std::regex("Pages: +([0-9]+)")));
  CHECK(std::stoi(m[1]) >= 6);
  CHECK(std::regex_search(info.out, std::regex("Page size: +595.276 x 841.89 pts \\(A4\\)")));

  test::TempDir tmp;
  const auto qdf = tmp.path() / "qdf.pdf";
  REQUIRE(
      test::run("qpdf --qdf --object-streams=disable " + q(demo_pdf()) + " " + q(qdf)).exit_code ==
      0);
  const std::string plain = test::read_file(qdf);
  CHECK(plain.find("/JbChart1 Do") != std::string::npos);
  CHECK(plain.find("/Subtype /Form") != std::string::npos);
  CHECK(plain.find("begincidrange") == std::string::npos);
}

TEST_CASE("the same inputs give byte-identical PDFs", "[e2e]") {
  test::TempDir a, b;
  REQUIRE(render(demo, a.path()).exit_code == 0);
  REQUIRE(test::run("TZ=Asia/Shanghai " + bin + " -q render " + q(demo) + " -o " + q(b.path()))
              .exit_code == 0);
  CHECK(test::read_file(a.path() / "ningbo-briefing.pdf") ==
        test::read_file(b.path() / "ningbo-briefing.pdf"));
}

TEST_CASE("exit codes: usage + missing input + invalid spec + invalid data + output", "[e2e]") {
  test::TempDir tmp;
  CHECK(test::run(bin + " --version").out.find("jianbao ") == 0);
  CHECK(test::run(bin + " --help").exit_code == 0);
  CHECK(test::run(bin + " --no-such-option").exit_code == 64);

  const auto missing = render(tmp.path() / "none.yaml", tmp.path());
  CHECK(missing.exit_code == 66);
  CHECK(missing.err.find("none.yaml: error: cannot open") != std::string::npos);

  const auto bad_spec = tmp.path() / "bad.yaml";
  std::ofstream(bad_spec)
      << "document:\n  title: 标题\n  date: 2025-11-20\nbody:\n  - paragraph: {{ gdp.last.x }}\n";
  const auto r78 = render(bad_spec, tmp.path());
  CHECK(r78.exit_code == 78);
  CHECK(r78.err.find(bad_spec.string() + ":5:16: error:") != std::string::npos);

  std::ofstream(tmp.path() / "d.csv") << "period,v\n2024,1\n2025\n";
  const auto bad_data = tmp.path() / "data.yaml";
  std::ofstream(bad_data) << "document: {title: 标题, date: 2025-11-20}\ndata: {d: d.csv}\nbody:\n "
                             " - paragraph: 正文\n";
  const auto r65 = render(bad_data, tmp.path());
  CHECK(r65.exit_code == 65);
  CHECK(r65.err.find("d.csv:3: error: row has 1 fields, the header has 2") != std::string::npos);

  std::ofstream(tmp.path() / "a-file") << "x";
  CHECK(render(demo, tmp.path() / "a-file").exit_code == 73);
}

TEST_CASE("a failed run leaves the last good PDF untouched", "[e2e]") {
  test::TempDir tmp;
  REQUIRE(render(demo, tmp.path()).exit_code == 0);
  const std::string good = test::read_file(tmp.path() / "ningbo-briefing.pdf");
  // Same output name, a figure that the data does not have; the spec lives in a temporary
  // folder and names the demo's data by absolute path.
  std::string yaml = test::read_file(demo);
  const std::string figure = "{{ gdp.2024.gdp_yi_yuan | yi }}";
  yaml.replace(yaml.find(figure), figure.size(), "{{ gdp.2024.no_such_column }}");
  for (std::size_t at; (at = yaml.find("../../data/")) != std::string::npos;)
    yaml.replace(at, 11, (test::source_dir / "data").string() + "/");
  test::TempDir spec_dir;
  const auto broken = spec_dir.path() / "briefing.yaml";
  std::ofstream(broken) << yaml;
  const auto r = render(broken, tmp.path());
  CHECK(r.exit_code == 78);
  CHECK(test::read_file(tmp.path() / "ningbo-briefing.pdf") == good);
  // Nothing else but the run's lock and its manifest, which records the failure.
  for (const auto& e : std::filesystem::directory_iterator(tmp.path())) {
    const auto name = e.path().filename().string();
    INFO(name);
    CHECK((name == "ningbo-briefing.pdf" || name == "manifest.json" || name == ".jianbao.lock"));
  }
  const std::string manifest = test::read_file(tmp.path() / "manifest.json");
  CHECK(manifest.find("\"status\": \"failed\"") != std::string::npos);
  CHECK(manifest.find("\"exit_status\": 78") != std::string::npos);
}

TEST_CASE("the README's spec example renders and prints what the README says", "[e2e]") {
  const std::string readme = test::read_file(test::source_dir / "README.md");
  const auto start = readme.find("```yaml\n");
  REQUIRE(start != std::string::npos);
  const auto end = readme.find("```\n", start + 8);
  const std::string yaml = readme.substr(start + 8, end - start - 8);
  // The example's data paths are those of a spec in templates/<name>/.
  test::TempDir root;
  std::filesystem::create_directories(root.path() / "templates/example");
  std::filesystem::copy(test::source_dir / "data", root.path() / "data",
                        std::filesystem::copy_options::recursive);
  std::ofstream(root.path() / "templates/example/spec.yaml") << yaml;
  // Run as the README says: from the root, allowing the data folder.
  const auto r = test::run("cd " + q(root.path()) + " && " + JIANBAO_BINARY +
                           " -q render templates/example/spec.yaml --allow-path data -o out");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto text =
      test::run("pdftotext -enc UTF-8 " + q(root.path() / "out/ningbo-briefing.pdf") + " -");
  const std::string claimed =
      "2024年全市地区生产总值18147.7亿元，比上年增长5.4%；2025年前三季度为1.35万亿元。";
  CHECK(readme.find(claimed) != std::string::npos);
  CHECK(test::strip_whitespace(text.out).find(claimed) != std::string::npos);
}

TEST_CASE("two charts on one page are both placed and the PDF stays valid", "[e2e]") {
  test::TempDir tmp;
  const std::string gdp = (test::source_dir / "data/ningbo/gdp.csv").string();
  std::ofstream(tmp.path() / "two.yaml")
      << "document: {title: 两图, date: 2025-11-20}\n"
         "data: {gdp: "
      << gdp
      << "}\nbody:\n"
         "  - chart: {type: bar, data: gdp, x: period, height_mm: 50,\n"
         "            series: [{column: gdp_yi_yuan, unit: 亿元}]}\n"
         "  - chart: {type: line, data: gdp, x: period, height_mm: 50,\n"
         "            series: [{column: yoy_pct, unit: \"%\"}]}\n";
  const auto r = render(tmp.path() / "two.yaml", tmp.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(test::run("qpdf --check " + q(tmp.path() / "two.pdf")).exit_code == 0);
  const auto qdf = tmp.path() / "qdf.pdf";
  REQUIRE(
      test::run("qpdf --qdf --object-streams=disable " + q(tmp.path() / "two.pdf") + " " + q(qdf))
          .exit_code == 0);
  const std::string plain = test::read_file(qdf);
  CHECK(plain.find("/JbChart1 Do") != std::string::npos);
  CHECK(plain.find("/JbChart2 Do") != std::string::npos);
  CHECK(std::regex_search(test::run("pdfinfo " + q(tmp.path() / "two.pdf")).out,
                          std::regex("Pages: +1\n")));
  CHECK(test::run("pdftotext " + q(tmp.path() / "two.pdf") + " /dev/null").err.empty());
}
