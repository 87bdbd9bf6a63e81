#include "output/audit.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/utf8.hpp"

namespace jb::output {

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Every run of digits in a text: "增长5.0%，10745.5" -> 5.0, 10745.5.
std::vector<std::string> digit_runs(const std::string& text) {
  std::vector<std::string> runs;
  for (std::size_t b = text.find_first_of("0123456789"); b != std::string::npos;) {
    std::size_t e = text.find_first_not_of("0123456789", b);
    if (e != std::string::npos && text[e] == '.' && e + 1 < text.size() &&
        std::isdigit(static_cast<unsigned char>(text[e + 1])))
      e = text.find_first_not_of("0123456789", e + 1);
    runs.push_back(text.substr(b, e == std::string::npos ? std::string::npos : e - b));
    b = e == std::string::npos ? e : text.find_first_of("0123456789", e);
  }
  return runs;
}

// Finds the page each figure is printed on: the figures come in the document's order, and each
// takes its digits from the first page of its block's pages that still shows them.
class PageFinder {
 public:
  explicit PageFinder(const layout::PageLayout& pages) : pages_(pages) {
    for (const auto& page : pages.pages) {
      std::multiset<std::string> shown;
      for (const auto& run : page.runs)
        for (const auto& d : digit_runs(core::encode_utf8(run.text))) shown.insert(d);
      shown_.push_back(std::move(shown));
    }
  }
  std::size_t count() const { return shown_.size(); }
  std::size_t take(const std::string& text, std::size_t first, std::size_t last) {
    if (shown_.empty()) return 0;
    last = std::min(last, shown_.size() - 1);
    first = std::min(first, last);
    const auto runs = digit_runs(text);
    if (runs.empty()) return first;
    for (std::size_t p = first; p <= last; ++p) {
      auto& shown = shown_[p];
      if (shown.find(runs.front()) == shown.end()) continue;
      for (const auto& r : runs)
        if (const auto it = shown.find(r); it != shown.end()) shown.erase(it);
      return p;
    }
    return first;
  }
  std::optional<std::size_t> chart_page(std::size_t chart) const {
    for (std::size_t p = 0; p < pages_.pages.size(); ++p)
      for (const auto& box : pages_.pages[p].charts)
        if (box.chart_index == chart) return p;
    return std::nullopt;
  }

 private:
  const layout::PageLayout& pages_;
  std::vector<std::multiset<std::string>> shown_;
};

// `floor`: the page of the table row before this one (rows are set in order).
std::string page_of(const model::Figure& f, const model::Document& doc,
                    const layout::PageLayout& pages, PageFinder& finder, std::size_t floor = 0) {
  if (f.block == "output") return {};  // a file name, printed nowhere
  std::size_t first = 0, last = finder.count() ? finder.count() - 1 : 0;
  if (f.value.formula == "official.print_date")  // the 版记: at the foot of the last page
    return std::to_string(finder.count());
  if (f.block == "header") {  // the running header: a briefing's pages 2 onwards only
    if (doc.preset == vocab::Preset::gbt9704 || finder.count() < 2) return {};
    first = 1;
  }
  if (f.block_index < doc.blocks.size()) {
    if (const auto* ref = std::get_if<model::ChartRef>(&doc.blocks[f.block_index])) {
      const auto p = finder.chart_page(ref->index);
      return p ? std::to_string(*p + 1) : std::string();
    }
    if (f.block_index < pages.block_pages.size())
      std::tie(first, last) = pages.block_pages[f.block_index];
  }
  return std::to_string(finder.take(f.value.text, std::max(first, floor), last) + 1);
}

}  // namespace

std::vector<std::string> audit_digit_runs(const std::string& text) { return digit_runs(text); }

std::string audit_csv(const model::Document& doc, const layout::PageLayout& pages,
                      const std::vector<std::vector<std::string>>& chart_texts) {
  PageFinder finder(pages);
  std::string out = "\xEF\xBB\xBF";
  out +=
      "页码 page,印出文字 text,版块 block,规格位置 spec,数据来源 source,公式 formula,"
      "格式 formatter\r\n";
  std::size_t row_page = 0, row_block = model::Figure::npos;  // the last table row's page
  for (const model::Figure& f : doc.figures) {
    std::string sources;
    for (const auto& s : f.value.sources)
      sources += (sources.empty() ? "" : "; ") + core::to_string(s);
    const bool table_row = f.row != model::Figure::npos && f.block == "table";
    const std::string page =
        page_of(f, doc, pages, finder, table_row && f.block_index == row_block ? row_page : 0);
    if (table_row && !page.empty()) row_page = std::stoul(page) - 1, row_block = f.block_index;
    const std::string row[] = {
        page,    f.value.text,    f.block,           core::to_string(f.where),
        sources, f.value.formula, f.value.formatters};
    for (std::size_t i = 0; i < std::size(row); ++i) out += (i ? "," : "") + csv_field(row[i]);
    out += "\r\n";
  }
  // What a chart drew beyond the data's own figures: its scale, shares and totals.
  for (std::size_t c = 0; c < chart_texts.size() && c < doc.charts.size(); ++c) {
    std::multiset<std::string> covered;
    for (const model::Figure& f : doc.figures)
      if (f.block_index < doc.blocks.size())
        if (const auto* ref = std::get_if<model::ChartRef>(&doc.blocks[f.block_index]);
            ref && ref->index == c)
          for (const auto& run : digit_runs(f.value.text)) covered.insert(run);
    const auto page = finder.chart_page(c);
    for (const std::string& text : chart_texts[c])
      for (const std::string& run : digit_runs(text)) {
        if (const auto it = covered.find(run); it != covered.end()) {
          covered.erase(it);
          continue;
        }
        const std::string row[] = {page ? std::to_string(*page + 1) : std::string(),
                                   text,
                                   "chart",
                                   core::to_string(doc.charts[c].where),
                                   "",
                                   "(drawn by jianbao: the axis scale, a share or a total)",
                                   ""};
        for (std::size_t i = 0; i < std::size(row); ++i) out += (i ? "," : "") + csv_field(row[i]);
        out += "\r\n";
        break;  // one row for the text
      }
  }
  // A table that goes over pages is headed 续表N on each page after its first.
  for (std::size_t b = 0; b < doc.blocks.size() && b < pages.block_pages.size(); ++b)
    if (const auto* t = std::get_if<model::Table>(&doc.blocks[b]); t && t->caption_number > 0)
      for (std::size_t p = pages.block_pages[b].first + 1; p <= pages.block_pages[b].second; ++p) {
        const std::string row[] = {std::to_string(p + 1),
                                   "续表" + std::to_string(t->caption_number),
                                   "table",
                                   core::to_string(t->where),
                                   "",
                                   "(numbered by jianbao)",
                                   ""};
        for (std::size_t i = 0; i < std::size(row); ++i) out += (i ? "," : "") + csv_field(row[i]);
        out += "\r\n";
      }
  return out;
}

}  // namespace jb::output
