// tests/e2e: `jianbao init DIR` writes a report that renders at once, from any folder and with
// no --allow-path; it overwrites nothing; and `jianbao schema` prints the committed schema.
#include <catch2/catch.hpp>
#include <fstream>

#include "support.hpp"

using namespace jb;

namespace {

// The program itself, without the tests' --allow-path: an init report reads only its folder.
const std::string bin = JIANBAO_BINARY;
std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

std::string pdf_text(const std::filesystem::path& pdf) {
  return test::strip_whitespace(test::run("pdftotext -layout " + q(pdf) + " -").out);
}

// Inits `preset` into a new folder, renders it from another folder and returns the PDF's text.
std::string init_and_render(const test::TempDir& tmp, const std::string& preset) {
  const auto dir = tmp.path() / "new" / preset;
  const auto init = test::run(bin + " init " + q(dir) + " --preset " + preset);
  INFO(init.err);
  REQUIRE(init.exit_code == 0);
  CHECK(init.out.find("jianbao render") != std::string::npos);
  for (const char* f : {"report.yaml", "data.csv", "README.md", "jianbao.schema.json"})
    CHECK(std::filesystem::is_regular_file(dir / f));
  const std::string spec = test::read_file(dir / "report.yaml");
  CHECK(spec.rfind("# yaml-language-server: $schema=jianbao.schema.json\n", 0) == 0);
  CHECK(test::read_file(dir / "jianbao.schema.json") ==
        test::read_file(test::source_dir / "templates/jianbao.schema.json"));
  std::filesystem::create_directories(tmp.path() / "elsewhere");
  const auto out = tmp.path() / "out";
  const auto render = test::run("cd " + q(tmp.path() / "elsewhere") + " && " + bin + " -q render " +
                                q(dir / "report.yaml") + " -o " + q(out));
  INFO(render.err);
  REQUIRE(render.exit_code == 0);
  REQUIRE(std::filesystem::exists(out / "report.pdf"));
  return pdf_text(out / "report.pdf");
}

}  // namespace

TEST_CASE("jianbao init: a briefing that renders at once from another folder", "[e2e][init]") {
  test::TempDir tmp;
  const std::string text = init_and_render(tmp, "briefing");
  INFO(text);
  CHECK(text.find("2025年10月全市经济运行简报") != std::string::npos);  // the title
  // The sentence bound to the data: the last month's figure and its fall, worded as such.
  CHECK(text.find("规模以上工业增加值479.5亿元，同比下降0.8%") != std::string::npos);
  CHECK(text.find("446.9") != std::string::npos);  // the table
  CHECK(text.find("图1") != std::string::npos);    // the chart's caption
}

TEST_CASE("jianbao init: the default preset is the briefing", "[e2e][init]") {
  test::TempDir tmp;
  const auto r = test::run(bin + " init " + q(tmp.path() / "r"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(test::read_file(tmp.path() / "r/report.yaml").find("preset: briefing") !=
        std::string::npos);
}

TEST_CASE("jianbao init --preset gbt9704: a notice with a table from the data", "[e2e][init]") {
  test::TempDir tmp;
  const std::string text = init_and_render(tmp, "gbt9704");
  INFO(text);
  CHECK(text.find("示例市统计局文件") != std::string::npos);  // the 版头
  CHECK(text.find("主要经济指标统计监测工作的通知") != std::string::npos);
  CHECK(text.find("502.6") != std::string::npos);  // a figure of the table
  CHECK(text.find("同比下降0.8%") != std::string::npos);
}

TEST_CASE("jianbao init overwrites nothing: a folder with report.yaml is refused (73)",
          "[e2e][init]") {
  test::TempDir tmp;
  const auto dir = tmp.path() / "mine";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "report.yaml") << "mine\n";
  const auto r = test::run(bin + " init " + q(dir));
  CHECK(r.exit_code == 73);
  CHECK(r.err.find((dir / "report.yaml").string() +
                   ": error: the file exists already; jianbao init overwrites nothing") !=
        std::string::npos);
  CHECK(test::read_file(dir / "report.yaml") == "mine\n");
  CHECK_FALSE(std::filesystem::exists(dir / "data.csv"));  // nothing written at all
}

TEST_CASE("jianbao init: an unknown preset is a usage error naming the presets", "[e2e][init]") {
  test::TempDir tmp;
  const auto r = test::run(bin + " init " + q(tmp.path() / "r") + " --preset memo");
  CHECK(r.exit_code == 64);
  const std::string said = r.out + r.err;
  INFO(said);
  CHECK(said.find("memo") != std::string::npos);
  CHECK(said.find("briefing") != std::string::npos);
  CHECK(said.find("gbt9704") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(tmp.path() / "r"));
}

TEST_CASE("jianbao schema prints the committed templates/jianbao.schema.json", "[e2e][schema]") {
  const auto r = test::run(bin + " schema");
  REQUIRE(r.exit_code == 0);
  const std::string committed = test::read_file(test::source_dir / "templates/jianbao.schema.json");
  if (r.out != committed)
    FAIL(
        "templates/jianbao.schema.json is not what `jianbao schema` prints: the key tables "
        "changed. Regenerate it: make schema (build/jianbao schema > "
        "templates/jianbao.schema.json)");
}
