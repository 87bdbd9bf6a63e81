// tests: shared helpers: a fixed-width measurer, temporary folders, running commands.
#pragma once

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "core/char_class.hpp"
#include "core/diagnostic.hpp"
#include "core/utf8.hpp"
#include "layout/text_measurer.hpp"
#include "model/document.hpp"
#include "spec/parse_spec.hpp"

namespace jb::test {

inline const std::filesystem::path source_dir = JIANBAO_SOURCE_DIR;
inline const std::filesystem::path font_dir = source_dir / "fonts";
// The program as the tests run it: their specs live in temporary folders and name the
// repository's data and fonts, which a spec may read only when the command line allows it.
// The tests of that rule run JIANBAO_BINARY itself.
inline const std::string jianbao =
    std::string(JIANBAO_BINARY) + " --allow-path '" + source_dir.string() + "'";

// Every character is 1 em, Latin characters 0.5 em; characters in `missing` are in no font.
class FixedWidthMeasurer final : public layout::TextMeasurer {
 public:
  std::set<char32_t> missing;
  std::optional<double> advance_em(vocab::FontRole, char32_t cp) const override {
    if (missing.count(cp)) return std::nullopt;
    return core::uses_latin_font(cp) ? 0.5 : 1.0;
  }
};

// Runs `f`, which must throw core::UserError, and returns that error; ends the test case as
// failed when nothing was thrown.
template <typename F>
core::UserError user_error_of(F&& f) {
  try {
    f();
  } catch (const core::UserError& e) {
    return e;
  }
  FAIL("expected a core::UserError");
  throw std::logic_error("unreachable");  // FAIL has thrown already
}

// A font face for tests, with its role's default fallback chain.
inline model::FontFace face(vocab::FontRole role, std::filesystem::path file,
                            core::SourceLocation where = {}) {
  const auto chain = vocab::default_fallback(role);
  return {role, std::move(file), 0, {chain.begin(), chain.end()}, std::move(where)};
}

// The shipped default fonts, as the spec stage maps them.
inline std::vector<model::FontFace> shipped_fonts();

inline spec::JobSpec parse_yaml(const std::string& yaml, const std::string& name = "test.yaml") {
  // Relative paths start in the repository; the tests' own files are in temporary folders.
  return spec::parse_spec_text(
      yaml, name, source_dir,
      spec::SpecOptions{font_dir, false, {std::filesystem::temp_directory_path()}});
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "jianbao-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs a shell command, capturing stdout and stderr separately.
inline std::vector<model::FontFace> shipped_fonts() {
  std::vector<model::FontFace> out;
  for (const auto& s :
       parse_yaml("document: {title: t, date: 2025-11-20}\nbody: [page_break]\n").fonts)
    out.push_back({s.role, s.file, s.face_index, s.fallback, s.where});
  return out;
}

// A test that starts a process is an end-to-end test and must carry the tag [e2e]: ctest's
// label `unit` (tests/CMakeLists.txt) is every test without it, and runs in process only, fast
// enough to run on every build and under ASan. Fails the running test when the tag is missing.
inline void require_e2e_tag() {
  const std::string name = Catch::getResultCapture().getCurrentTestName();
  for (const Catch::TestCase& tc : Catch::getRegistryHub().getTestCaseRegistry().getAllTests())
    if (tc.name == name) {
      if (std::find(tc.lcaseTags.begin(), tc.lcaseTags.end(), "e2e") == tc.lcaseTags.end())
        FAIL("'" << name << "' starts a process, so it is an end-to-end test: tag it [e2e]");
      return;
    }
}

inline CommandResult run(const std::string& command) {
  require_e2e_tag();
  TempDir tmp;
  const auto err_file = tmp.path() / "stderr";
  CommandResult r;
  FILE* p = popen((command + " 2>" + err_file.string()).c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (FILE* f = fopen(err_file.c_str(), "rb")) {
    while ((n = fread(buf.data(), 1, buf.size(), f)) > 0) r.err.append(buf.data(), n);
    fclose(f);
  }
  return r;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::string out;
  if (FILE* f = fopen(p.c_str(), "rb")) {
    std::array<char, 65536> buf{};
    std::size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), f)) > 0) out.append(buf.data(), n);
    fclose(f);
  }
  return out;
}

inline std::string strip_whitespace(const std::string& s) {
  auto d = core::decode_utf8(s);
  std::u32string out;
  for (char32_t c : d.value_or(U""))
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x3000)
      out.push_back(c);
  return core::encode_utf8(out);
}

// One glyph of mutool's structured text: origin and advance box in points, y down.
struct StextChar {
  char32_t c = 0;
  std::string font;
  double size = 0, x = 0, y = 0, x0 = 0, x1 = 0;
};

inline std::vector<StextChar> stext(const std::filesystem::path& pdf) {
  const auto xml = pdf.string() + ".xml";
  REQUIRE(run("mutool convert -F stext -O inhibit-spaces -o '" + xml + "' '" + pdf.string() + "'")
              .exit_code == 0);
  const std::string text = read_file(xml);
  std::vector<StextChar> out;
  static const std::regex font_re(R"re(<font name="([^"]*)" size="([^"]*)")re");
  static const std::regex char_re(
      R"re(<char quad="([-\d.]+) [-\d.]+ ([-\d.]+) [^"]*" x="([-\d.]+)" y="([-\d.]+)"[^>]*c="([^"]*)")re");
  std::string font;
  double size = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_search(line, m, font_re)) {
      font = m[1], size = std::stod(m[2]);
    } else if (std::regex_search(line, m, char_re)) {
      StextChar ch{
          0, font, size, std::stod(m[3]), std::stod(m[4]), std::stod(m[1]), std::stod(m[2])};
      const std::string c = m[5];
      if (c.rfind("&#x", 0) == 0)
        ch.c = static_cast<char32_t>(std::stoul(c.substr(3), nullptr, 16));
      else if (c == "&amp;" || c == "&lt;" || c == "&gt;" || c == "&quot;" || c == "&apos;")
        ch.c = U"&<>\"'"[std::string("&amp;&lt;&gt;&quot;&apos;").find(c) / 4];
      else if (auto d = core::decode_utf8(c); d && d->size() == 1)
        ch.c = (*d)[0];
      out.push_back(ch);
    }
  }
  return out;
}

}  // namespace jb::test
