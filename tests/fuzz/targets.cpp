#include "fuzz/targets.hpp"

#include <map>
#include <memory>
#include <vector>

#include "app/report.hpp"
#include "core/diagnostic.hpp"
#include "data/csv.hpp"
#include "data/encoding.hpp"
#include "data/load_indicators.hpp"
#include "data/number.hpp"
#include "data/period.hpp"
#include "fonts/font_set.hpp"
#include "layout/lay_out.hpp"
#include "model/build_document.hpp"
#include "model/expression.hpp"
#include "output/audit.hpp"
#include "spec/parse_spec.hpp"

namespace jb::fuzz {

namespace {

const std::filesystem::path source_dir = JIANBAO_SOURCE_DIR;
const std::filesystem::path font_dir = source_dir / "fonts";

// The input's parts at each separator: the spec, then the CSV files.
std::vector<std::string_view> split_parts(std::string_view bytes) {
  std::vector<std::string_view> parts;
  for (std::size_t at; (at = bytes.find(pipeline_separator)) != std::string_view::npos;) {
    parts.push_back(bytes.substr(0, at));
    bytes.remove_prefix(at + pipeline_separator.size());
  }
  parts.push_back(bytes);
  return parts;
}

// The fonts of a document, opened once per process for each list of faces (opening the CJK
// fonts costs more than most inputs' whole run). A FontSet is told apart by its files, faces
// and fallback chains; the spec locations it keeps are the first input's, used only in the
// errors its constructor throws. At most a few sets stay open.
const fonts::FontSet& fonts_for(const std::vector<model::FontFace>& faces) {
  static std::map<std::string, std::unique_ptr<const fonts::FontSet>> open;
  std::string key;
  for (const auto& f : faces) {
    key += std::string(vocab::font_role_name(f.role)) + '\0' + f.file.string() + '\0' +
           std::to_string(f.face_index);
    for (const auto role : f.fallback) key += std::string(",") + vocab::font_role_name(role);
    key += '\n';
  }
  if (const auto it = open.find(key); it != open.end()) return *it->second;
  auto set = std::make_unique<const fonts::FontSet>(faces, font_dir);
  if (open.size() >= 4) open.clear();
  return *open.emplace(key, std::move(set)).first->second;
}

}  // namespace

void spec_loader(std::string_view bytes) {
  try {
    spec::parse_spec_text(std::string(bytes), "fuzz.yaml", "/nonexistent",
                          spec::SpecOptions{"/nonexistent/fonts", false, {}});
  } catch (const core::UserError&) {
  }
}

void csv_reader(std::string_view bytes) {
  try {
    const data::Table t = data::parse_csv(
        data::decode_text(bytes, spec::Encoding::detect, "fuzz.csv", nullptr), "fuzz.csv");
    for (const auto& row : t.rows)
      for (const auto& cell : row.cells) {
        data::parse_number(cell);
        if (const auto p = data::parse_period(cell)) p->label_zh();
      }
  } catch (const core::UserError&) {
  }
}

void expression(std::string_view bytes) {
  static const data::IndicatorSet set = [] {
    data::IndicatorSet s;
    auto t = data::parse_csv(
        "period,gdp,yoy,note\n2023,16452.8,5.5,\n2024,18147.7,-2.14,x\n2025Q1-3,13500,0,\n",
        "gdp.csv");
    t.name = "gdp";
    s.tables.push_back(std::move(t));
    return s;
  }();
  for (const std::string_view entity : {"", "2024"}) {  // with and without a report's `this`
    try {
      model::evaluate_placeholder(std::string(bytes), core::SourceLocation{"fuzz.yaml", 1, 1}, set,
                                  nullptr, entity);
    } catch (const core::UserError&) {
    }
  }
}

std::string pipeline_pdf(std::string_view bytes) {
  const std::vector<std::string_view> parts = split_parts(bytes);
  const spec::JobSpec spec = spec::parse_spec_text(
      std::string(parts[0]), "fuzz.yaml", source_dir / "tests/fixtures/broken",
      spec::SpecOptions{font_dir, false, {source_dir / "tests"}});
  std::size_t next = 1;  // the part the next data file reads
  auto read_part = [&](const spec::DataSourceSpec& source) {
    if (next < parts.size()) return std::string(parts[next++]);
    throw core::UserError(
        core::ExitCode::missing_input, source.where,
        core::say("cannot open '{}': no such part in the input", source.file.string()));
  };
  const data::IndicatorSet data = data::load_indicators(spec, read_part);

  const std::vector<std::string> entities =
      spec.each ? model::list_entities(spec, data) : std::vector<std::string>{""};
  if (entities.empty()) return {};
  for (const auto& entity : entities) {  // the file names run_job reserves before the reports
    try {
      model::report_file_name(spec, data, entity);
    } catch (const core::UserError&) {  // reported when that report is made
    }
  }
  const model::Document doc = model::build_document(spec, data, entities.front());
  const fonts::FontSet& fonts = fonts_for(doc.fonts);
  const layout::PageLayout pages = layout::lay_out(doc, fonts);

  // The report's bytes as the program makes them (app/report.hpp), with nothing written.
  const app::DrawnCharts charts = app::draw_charts(doc, pages, fonts, false);
  std::string finished = app::finish_report(pages, charts);
  output::audit_csv(doc, pages, charts.texts);
  return finished;
}

void pipeline(std::string_view bytes) {
  try {
    pipeline_pdf(bytes);
  } catch (const core::UserError&) {
  }
}

}  // namespace jb::fuzz
