// tests/output: the ToUnicode map and the atomic write.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "core/diagnostic.hpp"
#include "output/atomic_write.hpp"
#include "output/finish_pdf.hpp"
#include "support.hpp"

using namespace jb;

TEST_CASE("ToUnicode maps each code to itself + in valid blocks", "[output]") {
  const std::string cmap = output::identity_to_unicode_cmap(U"0129中国");
  CHECK(cmap.find("begincidrange") == std::string::npos);         // libharu's mistake
  CHECK(cmap.find("<0030> <0032> <0030>") != std::string::npos);  // 0 1 2 as one range
  CHECK(cmap.find("<0039> <0039>") != std::string::npos);
  CHECK(cmap.find("<4E2D> <4E2D>") != std::string::npos);
  CHECK(cmap.find("<56FD> <56FD>") != std::string::npos);
  std::u32string many;
  for (char32_t c = 0x4E00; c < 0x4E00 + 450; c += 2) many.push_back(c);  // 225 singles
  const std::string big = output::identity_to_unicode_cmap(many);
  CHECK(big.find("100 beginbfchar") != std::string::npos);
  CHECK(big.find("25 beginbfchar") != std::string::npos);
}

TEST_CASE("write_atomically replaces the file whole and leaves no temporary file", "[output]") {
  test::TempDir tmp;
  const auto target = tmp.path() / "sub" / "r.pdf";
  output::write_atomically(target, "first");
  output::write_atomically(target, "second version");
  CHECK(test::read_file(target) == "second version");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(target.parent_path()))
    ++files;
  CHECK(files == 1);
}

TEST_CASE("a failed write leaves the old file and no temporary file", "[output]") {
  test::TempDir tmp;
  // The target is a folder: the rename fails after the data was written.
  std::filesystem::create_directories(tmp.path() / "r.pdf" / "inside");
  {
    const core::UserError e =
        test::user_error_of([&] { output::write_atomically(tmp.path() / "r.pdf", "data"); });
    CHECK(e.code() == core::ExitCode::cant_create);
  }
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(tmp.path())) ++files;
  CHECK(files == 1);
  // The folder cannot be created: a file stands in the way.
  std::ofstream(tmp.path() / "plain") << "x";
  {
    const core::UserError e = test::user_error_of(
        [&] { output::write_atomically(tmp.path() / "plain" / "r.pdf", "data"); });
    CHECK(e.code() == core::ExitCode::cant_create);
  }
  CHECK(test::read_file(tmp.path() / "plain") == "x");
}
