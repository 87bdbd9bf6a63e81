// tests/e2e: the language of the messages (a zh_* locale gets the Chinese catalog, whether or
// not the system has generated that locale; anything else English) and --diagnostics json (one
// object per line on stdout, whose code is the same in every language).
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support.hpp"

using namespace jb;

namespace {

const std::string bin = test::jianbao;
std::string q(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// The program run with only this locale in its environment (the tests' own LC_ALL and
// LANGUAGE removed).
test::CommandResult run_in(const std::string& locale, const std::string& args) {
  return test::run("env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=" + locale + " " + bin + " " +
                   args);
}

std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

const auto bad_float = test::source_dir / "tests/spec/broken/bad_float.yaml";

}  // namespace

TEST_CASE("messages: a zh_CN locale prints them in Chinese and C in English", "[e2e]") {
  const auto zh = run_in("zh_CN.UTF-8", "-q check " + q(bad_float));
  INFO(zh.err);
  CHECK(zh.exit_code == 78);
  // The location stays as it is; the words are the catalog's.
  CHECK(zh.err.find("bad_float.yaml:11:14: 错误：未知的“float”取值“top”（应为 auto, here）") !=
        std::string::npos);
  CHECK(zh.err.find("error:") == std::string::npos);
  for (const char* locale : {"C", "en_US.UTF-8", "C.UTF-8"}) {
    INFO(locale);
    const auto en = run_in(locale, "-q check " + q(bad_float));
    CHECK(en.exit_code == 78);
    CHECK(en.err.find("bad_float.yaml:11:14: error: unknown float 'top' (expected auto, here)") !=
          std::string::npos);
  }
  // LANGUAGE, gettext's list of languages, is read too; LC_ALL=C overrides LANG.
  const auto listed = test::run("env -u LC_ALL LANG=en_US.UTF-8 LANGUAGE=zh_CN:en " + bin +
                                " -q check " + q(bad_float));
  CHECK(listed.err.find("错误：") != std::string::npos);
  const auto forced =
      test::run("env LC_ALL=C LANG=zh_CN.UTF-8 " + bin + " -q check " + q(bad_float));
  CHECK(forced.err.find("error: unknown float") != std::string::npos);
}

TEST_CASE("messages: a data error's hint and the run's log lines are translated too", "[e2e]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "d.csv") << "year,gdp\n2024,1.5\n";
  std::ofstream(tmp.path() / "s.yaml")
      << "document: {title: 标题, date: 2025-11-20}\ndata: {d: d.csv}\n"
         "body:\n  - paragraph: \"{{ d[2023].gdp }}\"\n";
  const auto zh =
      run_in("zh_CN.UTF-8", "render " + q(tmp.path() / "s.yaml") + " -o " + q(tmp.path() / "out"));
  INFO(zh.err);
  CHECK(zh.exit_code == 65);
  CHECK(zh.err.find("s.yaml:4:17:") != std::string::npos);
  CHECK(zh.err.find("错误：") != std::string::npos);
  CHECK(zh.err.find("提示：") != std::string::npos);
  CHECK(zh.err.find("配置文件") != std::string::npos);  // the first log line: spec …: blocks
  CHECK(zh.err.find("hint:") == std::string::npos);
}

TEST_CASE("diagnostics json: one object per line, the same code in every language", "[e2e]") {
  const auto en = run_in("C", "-q --diagnostics json check " + q(bad_float));
  const auto zh = run_in("zh_CN.UTF-8", "-q check --diagnostics json " + q(bad_float));
  INFO(en.out << zh.out);
  CHECK(en.exit_code == 78);
  CHECK(zh.exit_code == 78);
  CHECK(en.err.empty());  // the human form is not printed as well
  const auto e = json_lines(en.out), z = json_lines(zh.out);
  REQUIRE(e.size() == 1);
  REQUIRE(z.size() == 1);
  CHECK(e[0]["file"] == bad_float.string());
  CHECK(e[0]["line"] == 11);
  CHECK(e[0]["column"] == 14);
  CHECK(e[0]["severity"] == "error");
  CHECK(e[0]["exit_code"] == 78);
  CHECK(e[0]["message"] == "unknown float 'top' (expected auto, here)");
  CHECK(e[0]["hint"].is_null());
  CHECK(z[0]["message"] == "未知的“float”取值“top”（应为 auto, here）");
  const std::string code = e[0]["code"];
  CHECK(code.size() == 8);
  CHECK(code.rfind("JB", 0) == 0);
  CHECK(z[0]["code"] == code);
  // Another message has another code.
  const auto other = run_in(
      "C", "-q --diagnostics json check " + q(test::source_dir / "tests/spec/broken/yes_no.yaml"));
  const auto o = json_lines(other.out);
  REQUIRE(o.size() == 1);
  CHECK(o[0]["code"] != code);
}

TEST_CASE("diagnostics json: warnings, a usage error and an unknown format", "[e2e]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "d.csv") << "year,gdp\n2024,1.5\n";
  std::ofstream(tmp.path() / "s.yaml")
      << "document: {title: 标题, date: 2025-11-20}\ndata: {d: d.csv}\n"
         "body:\n  - paragraph: \"增长{{ d[2024].gdp }}%, 好.\"\n";
  const auto w = run_in("C", "-q --diagnostics json check " + q(tmp.path() / "s.yaml"));
  INFO(w.out << w.err);
  CHECK(w.exit_code == 0);
  const auto lines = json_lines(w.out);
  REQUIRE(lines.size() == 2);  // the two ASCII marks set full-width
  for (const auto& l : lines) {
    CHECK(l["severity"] == "warning");
    CHECK(l["exit_code"].is_null());
    CHECK(l["line"] == 4);
  }
  const auto usage = run_in("C", "--diagnostics json render");
  CHECK(usage.exit_code == 64);
  const auto u = json_lines(usage.out);
  REQUIRE(u.size() == 1);
  CHECK(u[0]["exit_code"] == 64);
  CHECK(u[0]["severity"] == "error");
  CHECK(u[0]["file"].is_null());
  const auto bad = run_in("C", "--diagnostics xml check " + q(bad_float));
  CHECK(bad.exit_code == 64);
  CHECK(bad.err.find("xml") != std::string::npos);
}
