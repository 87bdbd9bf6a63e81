#include "app/report.hpp"

#include <filesystem>

#include "core/diagnostic.hpp"
#include "output/finish_pdf.hpp"
#include "render/chart/render_chart.hpp"
#include "render/pdf/render_pdf.hpp"

namespace jb::app {

std::vector<std::pair<double, double>> chart_sizes(const model::Document& doc,
                                                   const layout::PageLayout& pages) {
  std::vector<std::pair<double, double>> sizes(doc.charts.size(), {0.0, 0.0});
  for (const auto& page : pages.pages)
    for (const auto& box : page.charts) sizes[box.chart_index] = {box.width_pt, box.height_pt};
  return sizes;
}

void check_drawing(const model::Document& doc, const layout::PageLayout& pages,
                   const fonts::FontSet& fonts) {
  const auto sizes = chart_sizes(doc, pages);
  core::DiagnosticList problems;  // 100 of each kind, however many charts
  for (std::size_t i = 0; i < doc.charts.size(); ++i)
    for (auto& p : chart::check_chart(doc.charts[i], sizes[i].first, sizes[i].second, fonts))
      problems.add(std::move(p));
  problems.throw_if_errors(core::ExitCode::data_error);
  pdf::render_pdf(pages);
}

DrawnCharts draw_charts(const model::Document& doc, const layout::PageLayout& pages,
                        const fonts::FontSet& fonts, bool exports) {
  const auto sizes = chart_sizes(doc, pages);
  DrawnCharts drawn;
  drawn.texts.resize(doc.charts.size());
  drawn.pdf = chart::render_charts(doc.charts, sizes, fonts, &drawn.texts);
  if (!exports) return drawn;
  const std::string prefix =
      doc.entity.empty() ? "" : std::filesystem::path(doc.output_name).stem().string() + "-";
  for (std::size_t i = 0; i < doc.charts.size(); ++i)
    for (const auto& [format, ext] :
         {std::pair{chart::ChartFormat::svg, ".svg"}, std::pair{chart::ChartFormat::png, ".png"}})
      drawn.exports.push_back(
          {prefix + "figure-" + std::to_string(i + 1) + ext,
           chart::export_chart(doc.charts[i], sizes[i].first, sizes[i].second, fonts, format)});
  return drawn;
}

std::string finish_report(const layout::PageLayout& pages, const DrawnCharts& charts) {
  const pdf::PdfDocument rendered = pdf::render_pdf(pages);
  return output::finish_pdf(rendered, charts.pdf, pages);
}

}  // namespace jb::app
