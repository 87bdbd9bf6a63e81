#include "app/run_job.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <future>

#include "app/font_sums.hpp"
#include "app/logging.hpp"
#include "data/load_indicators.hpp"
#include "layout/lay_out.hpp"
#include "model/build_document.hpp"
#include "output/atomic_write.hpp"
#include "output/finish_pdf.hpp"
#include "render/chart/render_chart.hpp"
#include "render/pdf/font_set.hpp"
#include "render/pdf/render_pdf.hpp"
#include "spec/parse_spec.hpp"

namespace jb::app {

JobResult run_job(const JobOptions& options) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  auto ms = [&] { return std::chrono::duration<double, std::milli>(clock::now() - t0).count(); };

  const spec::JobSpec spec =
      spec::parse_spec(options.spec_path, {options.font_dir, options.strict});
  print_diagnostics(spec.warnings);  // now, so that a run failing later still shows them
  spdlog::info("spec {}: {} blocks, {} data sources", options.spec_path.string(),
               spec.blocks.size(), spec.data.size());

  // The shipped fonts' checksums are verified on the other core while the job runs; nothing is
  // written until they match. (libharu never reads a font file itself: it embeds HarfBuzz's
  // subset of it.) A font problem is reported in preference to what a wrong font made later
  // stages say.
  auto font_sums = std::async(std::launch::async,
                              [&] { return verify_font_sums(spec.fonts, options.font_dir); });
  auto fonts_verified = [&] {
    auto problems = font_sums.get();
    if (!problems.empty()) throw core::UserError(core::ExitCode::invalid_spec, std::move(problems));
  };

  std::optional<model::Document> doc;
  std::optional<layout::PageLayout> pages;
  std::string finished;
  std::size_t chart_count = 0;
  std::vector<std::pair<std::filesystem::path, std::string>> exports;  // --charts
  try {
    const data::IndicatorSet data = data::load_indicators(spec);
    for (const auto& t : data.tables) {
      spdlog::debug("data {}: {} rows from {}", t.name, t.rows.size(), t.file);
      for (const auto& note : t.notes) spdlog::info("data {} ({}): {}", t.name, t.file, note);
    }
    doc.emplace(model::build_document(spec, data));
    print_diagnostics(doc->warnings);
    const pdf::FontSet fonts(doc->fonts, options.font_dir);
    pages.emplace(layout::lay_out(*doc, fonts));
    spdlog::info("layout: {} pages ({:.1f} ms)", pages->pages.size(), ms());
    if (options.check_only) {
      fonts_verified();
      JobResult result;
      result.pages = pages->pages.size();
      result.charts = doc->charts.size();
      spdlog::info("{}: no problems: {} data sources, {} blocks, {} charts, {} pages ({:.1f} ms)",
                   options.spec_path.string(), spec.data.size(), doc->blocks.size(), result.charts,
                   result.pages, ms());
      return result;
    }

    std::vector<std::string> charts;
    std::vector<std::pair<double, double>> sizes(doc->charts.size(), {0.0, 0.0});
    for (const auto& page : pages->pages)
      for (const auto& box : page.charts) sizes[box.chart_index] = {box.width_pt, box.height_pt};
    for (std::size_t i = 0; i < doc->charts.size(); ++i)
      charts.push_back(chart::render_chart(doc->charts[i], sizes[i].first, sizes[i].second, fonts));
    chart_count = charts.size();
    if (!options.charts_dir.empty())
      for (std::size_t i = 0; i < doc->charts.size(); ++i) {
        const auto stem = options.charts_dir / ("figure-" + std::to_string(i + 1));
        for (const auto& [format, ext] : {std::pair{chart::ChartFormat::svg, ".svg"},
                                          std::pair{chart::ChartFormat::png, ".png"}})
          exports.push_back(
              {stem.string() + ext, chart::export_chart(doc->charts[i], sizes[i].first,
                                                        sizes[i].second, fonts, format)});
      }
    spdlog::debug("charts drawn ({:.1f} ms)", ms());
    const pdf::PdfDocument rendered = pdf::render_pdf(*pages);
    spdlog::debug("pages written by libharu ({:.1f} ms)", ms());
    finished = output::finish_pdf(rendered, charts, *pages);
    spdlog::debug("finished by qpdf ({:.1f} ms)", ms());
  } catch (const core::UserError&) {
    fonts_verified();
    throw;
  }
  fonts_verified();
  spdlog::debug("fonts match SHA256SUMS ({:.1f} ms)", ms());

  JobResult result;
  result.pdf_path = options.out_dir / doc->output_name;
  output::write_atomically(result.pdf_path, finished);
  for (const auto& [path, bytes] : exports) output::write_atomically(path, bytes);
  if (!exports.empty())
    spdlog::info("charts: {} figures as SVG and PNG (300 dpi) in {}", exports.size() / 2,
                 options.charts_dir.string());
  result.pages = pages->pages.size();
  result.bytes = finished.size();
  result.charts = chart_count;
  spdlog::info("wrote {}: {} pages, {} charts, {} bytes ({:.1f} ms)", result.pdf_path.string(),
               result.pages, result.charts, result.bytes, ms());
  return result;
}

}  // namespace jb::app
