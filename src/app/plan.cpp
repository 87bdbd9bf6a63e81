#include "app/plan.hpp"

#include <string_view>
#include <unordered_set>

#include "data/load_indicators.hpp"
#include "model/build_document.hpp"

namespace jb::app {

namespace {

void log_tables(const data::IndicatorSet& data, const RunLog& log,
                std::vector<core::Diagnostic>& run_warnings) {
  for (const auto& t : data.tables) {
    log.lines().debug("data {}: {} rows from {}", t.name, t.rows.size(), t.file);
    for (const auto& note : t.notes) log.lines().info("data {} ({}): {}", t.name, t.file, note);
    log.diagnostics(t.warnings);
    run_warnings.insert(run_warnings.end(), t.warnings.begin(), t.warnings.end());
  }
}

// Every --only name is a report's: one pass over the rows, however many there are and however
// many names.
void check_only_names(const JobOptions& o, const spec::JobSpec& spec,
                      const std::vector<std::string>& entities) {
  const std::unordered_set<std::string_view> made(entities.begin(), entities.end());
  for (const auto& name : o.only)
    if (!made.count(name))
      throw core::UserError(core::ExitCode::usage, core::SourceLocation{"--only", 0, 0},
                            "no report is made for '" + name + "'",
                            spec.each ? "the rows of '" + spec.each->data + "' name the reports"
                                      : "--only selects rows of a spec with 'each:'");
}

// The entities this run makes: those --only names (all without it), of this --shard.
std::vector<std::string> choose(const JobOptions& o, const std::vector<std::string>& entities) {
  const std::unordered_set<std::string> only(o.only.begin(), o.only.end());
  std::vector<std::string> chosen;
  for (std::size_t i = 0; i < entities.size(); ++i) {
    if (!only.empty() && !only.count(entities[i])) continue;
    if (o.shard && static_cast<int>(i % static_cast<std::size_t>(o.shard->count)) != o.shard->index)
      continue;
    chosen.push_back(entities[i]);
  }
  return chosen;
}

}  // namespace

Plan make_plan(const JobOptions& o, const spec::JobSpec& spec, const RunLog& log,
               const std::function<void()>& fonts_verified) {
  Plan plan;
  plan.run_warnings = spec.warnings;
  std::vector<std::string> entities;
  try {
    plan.data.emplace(o.check_only ? data::load_indicators(spec, plan.data_problems, plan.data_code)
                                   : data::load_indicators(spec));
    log_tables(*plan.data, log, plan.run_warnings);
    entities = spec.each ? model::list_entities(spec, *plan.data) : std::vector<std::string>{""};
  } catch (const core::UserError& e) {
    fonts_verified();
    if (!o.check_only || !e.diagnostics().empty() || plan.data_problems.empty()) throw;
  }
  check_only_names(o, spec, entities);
  for (auto& entity : choose(o, entities)) {
    PlannedReport& report = plan.reports.emplace_back(PlannedReport{std::move(entity), {}});
    try {
      report.output_name = model::report_file_name(spec, *plan.data, report.entity);
      plan.owner.emplace(*report.output_name, report.entity);
    } catch (const core::UserError&) {
      // said when that report is made
    }
  }
  return plan;
}

}  // namespace jb::app
