// tests: the small batch the batch tests run, in process (tests/app) and through the binary
// (tests/e2e), and the PDFs a run left.
#pragma once

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

namespace jb::test {

// A small batch: one report per row of t.csv (the row "坏" has a value that is not a figure
// when `bad` is set).
inline std::filesystem::path write_batch(const std::filesystem::path& dir, bool bad = false,
                                         int rows = 6) {
  std::ofstream csv(dir / "t.csv");
  csv << "name,v\n";
  for (int i = 0; i < rows; ++i) csv << "区" << i << "," << 100 + i << "\n";
  if (bad) csv << "坏,abc\n";
  csv.close();
  std::ofstream(dir / "batch.yaml")
      << "document: {title: '{{ t.this.name }}简况', date: 2026-01-12, mark: 示例数据}\n"
         "each: {data: t, output: '{{ t.this.name }}.pdf'}\n"
         "data:\n  t: t.csv\n"
         "body:\n  - paragraph: '{{ t.this.name }}的值为{{ t.this.v | yi }}。'\n";
  return dir / "batch.yaml";
}

// The file names of the PDFs in `dir`.
inline std::set<std::string> pdfs_in(const std::filesystem::path& dir) {
  std::set<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".pdf") out.insert(e.path().filename().string());
  return out;
}

}  // namespace jb::test
