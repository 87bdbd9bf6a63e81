// tests/fuzz: every input the fuzzers ever found a bug with (tests/fuzz/regressions/KIND/*)
// goes through its target again: no exception but core::UserError, no crash.
#include <catch2/catch.hpp>

#include "fuzz/targets.hpp"
#include "support.hpp"

using namespace jb;

TEST_CASE("fuzz regressions: every saved input is handled", "[fuzz]") {
  const std::pair<const char*, void (*)(std::string_view)> kinds[] = {
      {"spec", fuzz::spec_loader}, {"csv", fuzz::csv_reader}, {"expression", fuzz::expression}};
  int n = 0;
  for (const auto& [kind, target] : kinds) {
    const auto dir = test::source_dir / "tests/fuzz/regressions" / kind;
    REQUIRE(std::filesystem::is_directory(dir));
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      INFO(entry.path().string());
      CHECK_NOTHROW(target(test::read_file(entry.path())));
      ++n;
    }
  }
  CHECK(n >= 3);
}
