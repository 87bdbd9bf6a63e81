#include "app/plan.hpp"

#include <string_view>
#include <unordered_set>

#include "core/sha256.hpp"
#include "data/load_indicators.hpp"
#include "model/build_document.hpp"
#include "spec/input_paths.hpp"

namespace jb::app {

namespace {

void log_tables(const data::IndicatorSet& data, const RunLog& log,
                std::vector<core::Diagnostic>& run_warnings) {
  for (const auto& t : data.tables) {
    log.lines().debug("data {}: {} rows from {}", t.name, t.rows.size(), t.file);
    for (const auto& note : t.notes)
      log.lines().info(core::say("data {} ({}): {}", t.name, t.file, note).str());
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
                            core::say("no report is made for '{}'", name),
                            spec.each
                                ? core::say("the rows of '{}' name the reports", spec.each->data)
                                : core::say("--only selects rows of a spec with 'each:'"));
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

// One report's own data files (paths naming {{ this }}): each path filled in and judged by the
// rules of what a spec may read, then the file read and checked, before any report is made, so
// that one run names every report's missing or broken file at once.
void load_own_data(const spec::JobSpec& spec, PlannedReport& report) {
  core::DiagnosticList problems;
  for (const spec::DataSourceSpec& source : spec.data) {
    if (!source.per_entity) continue;
    const auto file = spec::entity_file(source, report.entity);
    if (!file) {
      problems.error(
          core::ExitCode::invalid_spec, source.where,
          report.entity.empty()
              ? core::say("the data path names {{{{ this }}}}, and this spec has no 'each'")
              : core::say("the report for '{}' cannot read its own file: its name "
                          "cannot be part of a path",
                          report.entity),
          core::say("{{{{ this }}}} in a path is each report's entity: a name with no "
                    "'/', '\\', '..' or control character"));
      continue;
    }
    spec::DataSourceSpec own = source;
    own.file = *file;
    own.per_entity = false;
    if (auto refused = spec::confine_file(own.file, own.where, spec.input_roots)) {
      refused->code = core::ExitCode::no_permission;
      problems.add(std::move(*refused));
      continue;
    }
    std::string digest;
    const auto read = [&](const spec::DataSourceSpec& s) {
      std::string bytes = data::read_data_file(s);
      digest = core::sha256_bytes(bytes);
      return bytes;
    };
    const int before = problems.error_count();
    if (auto t = data::load_source(spec, own, problems, read);
        t && problems.error_count() == before) {
      report.own_tables.push_back(std::move(*t));
      report.own_files.push_back({"data", own.file.string(), digest});
    }
  }
  for (core::Diagnostic d : problems.all()) {
    if (d.severity == core::Severity::error)
      d.hint += std::string(d.hint.empty() ? "" : "; ") +
                core::say("the file of the report for '{}'", report.entity).str();
    report.own_problems.push_back(std::move(d));
  }
  if (problems.has_errors()) report.own_code = problems.exit_code();
}

// The report's file name, from the run's data, or with its own files when each.output names
// them; nothing when it cannot be named (said when that report is made).
std::optional<std::string> planned_name(const spec::JobSpec& spec, const data::IndicatorSet& data,
                                        const PlannedReport& report) {
  try {
    return model::report_file_name(spec, data, report.entity);
  } catch (const core::UserError&) {
    if (report.own_tables.empty()) return std::nullopt;
  }
  data::IndicatorSet own = data;
  own.tables.insert(own.tables.end(), report.own_tables.begin(), report.own_tables.end());
  try {
    return model::report_file_name(spec, own, report.entity);
  } catch (const core::UserError&) {
    return std::nullopt;
  }
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
    PlannedReport& report =
        plan.reports.emplace_back(PlannedReport{std::move(entity), {}, {}, {}, {}, {}});
    load_own_data(spec, report);
    report.output_name = planned_name(spec, *plan.data, report);
    if (report.output_name) plan.owner.emplace(*report.output_name, report.entity);
  }
  return plan;
}

}  // namespace jb::app
