// spec (internal): the readers of the spec's top-level sections, each into its part of the
// JobSpec: read_document.cpp (document, page, fonts, styles, typography, official, the preset),
// read_data.cpp (data, checks, each) and read_blocks.cpp (body). parse_spec.cpp calls them in
// the order the sections are written, the preset first.
#pragma once

#include <filesystem>

#include "spec/job_spec.hpp"
#include "spec/parse_spec.hpp"
#include "spec/yaml_reader.hpp"

namespace jb::spec::detail {

// A preset sets the page, the sizes and the typography options; the spec's own 'page',
// 'styles' and 'typography' sections then adjust them.
void apply_preset(Preset preset, JobSpec& spec);

void read_document(YamlReader& r, const YAML::Node& node, JobSpec& spec);
void read_page(YamlReader& r, const YAML::Node& node, JobSpec& spec);
void read_fonts(YamlReader& r, const YAML::Node& node, JobSpec& spec, const SpecOptions& opt);
void read_styles(YamlReader& r, const YAML::Node& node, JobSpec& spec);
void read_typography(YamlReader& r, const YAML::Node& node, JobSpec& spec);
void read_official(YamlReader& r, const YAML::Node& node, JobSpec& spec);
// A text field of the matter (official, masthead): its text as written and as a template.
void read_field(YamlReader& r, const Entry& e, Field& f);

// read_masthead.cpp: preset jianbao's 报头 and 报尾, and the watermark of any preset.
void read_masthead(YamlReader& r, const YAML::Node& node, JobSpec& spec);
void read_watermark(YamlReader& r, const Entry& e, JobSpec& spec);
// After every section: preset jianbao has a masthead with a name, and no other preset has one.
void check_masthead(YamlReader& r, const YAML::Node& root, const JobSpec& spec);

void read_data(YamlReader& r, const YAML::Node& node, JobSpec& spec);
void read_checks(YamlReader& r, const YAML::Node& node, JobSpec& spec);
void read_each(YamlReader& r, const YAML::Node& node, JobSpec& spec);

// The keys of a long table's view, a table and a chart that keep the report's own rows
// (read_data.cpp); check_filter: what they must say together.
void read_where(YamlReader& r, const Entry& e, EntityFilter& f);
void read_entity(YamlReader& r, const Entry& e, EntityFilter& f);
void read_pivot(YamlReader& r, const Entry& e, EntityFilter& f);
void check_filter(YamlReader& r, const EntityFilter& f);

void read_blocks(YamlReader& r, const YAML::Node& node, JobSpec& spec);

void read_params(YamlReader& r, const YAML::Node& node, JobSpec& spec);

// The shapes of the root's sections, for its table (parse_spec.cpp), and of the keys the
// tables of several files share.
Shape document_shape();
Shape page_shape();
Shape fonts_shape();
Shape styles_shape();
Shape typography_shape();
Shape official_shape();
Shape masthead_shape();
Shape watermark_shape();
Shape data_shape();
Shape checks_shape();
Shape each_shape();
Shape params_shape();
Shape body_shape();
Shape where_shape();
Shape pivot_shape();
// YYYY-MM-DD as a pattern (the calendar's own rules aside).
const char* date_shape_pattern();
// The spec's root: its table's view.
SectionShape spec_section();

}  // namespace jb::spec::detail
