// spec: the body: a list of blocks (heading, paragraph, list, quote, table, chart, page_break),
// with the tables' columns and the charts' series.
#include <algorithm>
#include <string>

#include "spec/read_sections.hpp"

namespace jb::spec::detail {

namespace {

// A text the spec did not write (a column's name as its header): one literal segment.
TextTemplate literal(const std::string& text, const SourceLocation& where) {
  TextTemplate t;
  t.where = where;
  t.segments.push_back(TextSegment{false, text, where, {}});
  return t;
}

// ---- notes ----------------------------------------------------------------------------------

// A key-like word (lower-case ASCII letters and _): a misspelt from_data, never a note.
bool looks_like_a_word(const std::string& s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

// `notes:` — a list of notes, each a template (or, in a table, the word `from_data`: the data's
// own 注 rows there); a single text is a list of one.
void read_notes(YamlReader& r, const Entry& e, std::vector<NoteSpec>& out, bool data_allowed) {
  auto item = [&](const YAML::Node& node) {
    if (node.IsScalar() && node.Scalar() == "from_data" && !data_allowed)
      r.diags().error(
          r.loc(node),
          core::say("'from_data' takes the notes of a table's data; here there is none"),
          core::say("write the notes themselves: notes: [\"…\", \"…\"]"));
    else if (node.IsScalar() && node.Scalar() == "from_data")
      out.push_back(NoteSpec{{}, true});
    else if (node.IsScalar() && looks_like_a_word(node.Scalar()))  // from_dta, nnone
      r.diags().error(r.loc(node), core::say("'{}' is no note", node.Scalar()),
                      data_allowed
                          ? core::say("a table's notes are from_data, none, or a list of notes")
                          : core::say("notes are a list of texts: notes: [\"…\", \"…\"]"));
    else if (!node.IsScalar() || node.Scalar().empty())
      r.diags().error(r.loc(node), core::say("a note must be a text"),
                      core::say("notes: [\"增速按可比价格计算。\", \"…\"]"));
    else
      out.push_back(NoteSpec{r.text(Entry{e.key, e.key_node, node}), false});
  };
  if (e.value.IsScalar()) return item(e.value);
  if (!e.value.IsSequence() || e.value.size() == 0) {
    r.diags().error(r.loc(e.value), core::say("'notes' must be a non-empty list of notes"));
    return;
  }
  for (const auto& node : e.value) item(node);
}

// The notes of a chart or a block: one text, or a list of them.
constexpr Shape text_list = list_of(a_text);
constexpr Shape notes_alternatives[] = {a_text, text_list};
constexpr Shape notes_shape = any_of(notes_alternatives, "a note, or a list of notes");

// ---- tables ---------------------------------------------------------------------------------

constexpr Option<Align> align_options[] = {
    {"left", Align::left}, {"center", Align::center}, {"right", Align::right}};
constexpr Bounds decimals_bounds{0, 6};

// The readers of a table take (YamlReader& r, const Entry& e, Target& t).
constexpr Key<TableColumnSpec> column_keys[] = {
    {"header",
     [](auto& r, auto& e, auto& col) {
       if (auto s = r.string(e); s && !s->empty()) col.header = r.text(e);
     },
     maybe_empty_text("the column's header (default: the column's name)")},
    {"column",
     [](auto& r, auto& e, auto& col) {
       if (auto s = r.nonempty_string(e)) col.column = *s;
       col.where = r.loc(e.value);
     },
     text("the data's column"), true},
    {"align",
     [](auto& r, auto& e, auto& col) {
       if (auto a = r.choice(e, align_options)) col.align = *a;
     },
     choice<align_options>()},
    {"decimals",
     [](auto& r, auto& e, auto& col) {
       if (auto v = r.integer(e, decimals_bounds)) col.decimals = *v;
       col.decimals_where = r.loc(e.value);
     },
     integer(decimals_bounds, "digits after the point")},
    {"thousands",
     [](auto& r, auto& e, auto& col) {
       if (auto v = r.boolean(e)) col.thousands = *v;
     },
     boolean("group the digits by thousands")},
};

SectionShape column_section() { return section_shape(column_keys, "column", "a table column"); }
SectionShape group_section();

// A table's columns: each a column, or a header group over columns.
constexpr Shape column_alternatives[] = {section(column_section), section(group_section)};
constexpr Shape column_or_group = any_of(column_alternatives);
constexpr Shape column_list = list_of(column_or_group);

// A header has at most three rows: groups nest two deep over their columns.
constexpr int max_group_depth = 1;

void read_column_list(YamlReader& r, const YAML::Node& list, TableBlock& t, int depth);

// A header group while it is read: its label, and its columns read into the table.
struct GroupReading {
  TableBlock* table = nullptr;
  int depth = 0;
  TableGroupSpec group;
};

constexpr Key<GroupReading> group_keys[] = {
    {"group",
     [](auto& r, auto& e, auto& g) {
       if (auto s = r.nonempty_string(e)) g.group.label = r.text(e);
     },
     text("the group's label, over its columns"), true},
    {"columns",
     [](auto& r, auto& e, auto& g) {
       g.group.first = g.table->columns.size();
       read_column_list(r, e.value, *g.table, g.depth + 1);
     },
     column_list, true},
};

SectionShape group_section() {
  return section_shape(group_keys, "column_group", "a header group over columns");
}

void read_group(YamlReader& r, const YAML::Node& c, TableBlock& t, int depth) {
  if (depth > max_group_depth) {
    r.diags().error(r.loc(c),
                    core::say("header groups nest too deep: a table's header has at most 3 rows"),
                    core::say("a group may hold groups, and those only columns"));
    return;
  }
  const std::size_t at = t.groups.size();
  t.groups.emplace_back();  // outer groups before the groups inside them
  GroupReading g{&t, depth, {}};
  g.group.where = r.loc(c);
  g.group.depth = depth;
  const auto entries = read_section(r, c, group_keys, core::say("a header group"), g);
  if (!has_key(entries, "columns"))
    r.diags().error(
        r.loc(c), core::say("a header group has no 'columns'"),
        core::say("the columns under its label: columns: [{{header: 绝对额, column: m_value}}]"));
  g.group.end = t.columns.size();
  t.groups[at] = std::move(g.group);
}

void read_column_list(YamlReader& r, const YAML::Node& list, TableBlock& t, int depth) {
  if (!list.IsSequence() || list.size() == 0) {
    r.diags().error(r.loc(list), depth == 0
                                     ? core::say("'columns' must be a non-empty list")
                                     : core::say("a header group's 'columns' must name columns"));
    return;
  }
  for (const auto& c : list) {
    if (c.IsMap() && c["group"]) {
      read_group(r, c, t, depth);
      continue;
    }
    TableColumnSpec col;
    col.where = r.loc(c);
    const auto entries = read_section(r, c, column_keys, core::say("a table column"), col);
    if (c.IsMap() && !has_key(entries, "column"))
      r.diags().error(r.loc(c), core::say("a table column has no 'column'"));
    if (col.header.empty()) col.header = literal(col.column, col.where);
    t.columns.push_back(std::move(col));
  }
}

void read_columns(YamlReader& r, const Entry& e, TableBlock& t) {
  read_column_list(r, e.value, t, 0);
}

void read_table_rows(YamlReader& r, const Entry& e, TableBlock& t) {
  t.rows_where = r.loc(e.value);
  if (!e.value.IsSequence() || e.value.size() == 0) {
    r.diags().error(r.loc(e.value),
                    core::say("'rows' must list the rows to table: [城东区, 城西区]"));
    return;
  }
  for (const auto& row : e.value)
    if (auto v = r.nonempty_string(Entry{"rows", e.key_node, row})) t.rows.push_back(*v);
}

// `sort: {column: X, order: descending}`: the rows by one column's figures.
struct TableSort {
  TableBlock* table = nullptr;
};

constexpr Option<ChartSort> order_options[] = {{"descending", ChartSort::descending},
                                               {"ascending", ChartSort::ascending}};

constexpr Key<TableSort> sort_keys[] = {
    {"column",
     [](auto& r, auto& e, auto& s) {
       if (auto v = r.nonempty_string(e)) s.table->sort_column = *v;
       s.table->sort_where = r.loc(e.value);
     },
     text("the column whose figures order the rows"), true},
    {"order",
     [](auto& r, auto& e, auto& s) {
       if (auto v = r.choice(e, order_options)) s.table->sort_order = *v;
     },
     choice<order_options>()},
};

SectionShape table_sort_section() {
  return section_shape(sort_keys, "table_sort", "a table's rows ordered by one column");
}

void read_table_sort(YamlReader& r, const Entry& e, TableBlock& t) {
  TableSort s{&t};
  t.sort_where = r.loc(e.value);
  const auto entries = read_section(r, e.value, sort_keys, core::say("a table's 'sort'"), s);
  if (e.value.IsMap() && !has_key(entries, "column"))
    r.diags().error(r.loc(e.value), core::say("a table's 'sort' has no 'column'"),
                    core::say("sort: {{column: 增速, order: descending}}"));
}

// `float: auto | here`: whether a table or chart that does not fit on the rest of its page lets
// the text after it fill the page (auto) or starts the next page itself (here).
constexpr Option<bool> float_options[] = {{"auto", true}, {"here", false}};

template <typename Block>
void read_float(YamlReader& r, const Entry& e, Block& b) {
  if (auto v = r.choice(e, float_options)) b.floating = *v;
}

constexpr Option<bool> table_notes_options[] = {{"from_data", true}, {"none", false}};
constexpr Option<bool> rules_options[] = {{"grid", true}, {"statistical", false}};
constexpr Option<Orientation> orientation_options[] = {{"auto", Orientation::automatic},
                                                       {"portrait", Orientation::portrait},
                                                       {"landscape", Orientation::landscape}};
constexpr Shape table_notes_alternatives[] = {choice<table_notes_options>(), a_text, text_list};
constexpr Shape row_list = list_of(a_text);

constexpr Key<TableBlock> table_keys[] = {
    {"data",
     [](auto& r, auto& e, auto& t) {
       if (auto s = r.nonempty_string(e)) t.data = *s;
       t.data_where = r.loc(e.value);
     },
     text("the data's name"), true},
    {"caption", [](auto& r, auto& e, auto& t) { t.caption = r.text(e); }, text()},
    {"note", [](auto& r, auto& e, auto& t) { t.note = r.text(e); }, text()},
    {"notes",
     [](auto& r, auto& e, auto& t) {
       if (!e.value.IsScalar() || (e.value.Scalar() != "from_data" && e.value.Scalar() != "none"))
         return read_notes(r, e, t.notes, true);  // a list, or one note of its own
       if (auto from = r.choice(e, table_notes_options)) t.notes_from_data = *from;
       if (t.notes_from_data) t.notes.push_back(NoteSpec{{}, true});
     },
     any_of(table_notes_alternatives, "from_data (the data's own notes), none, or notes")},
    {"columns", read_columns, column_list, true},
    {"unit",
     [](auto& r, auto& e, auto& t) {
       if (auto v = r.nonempty_string(e)) t.unit = r.text(e);
     },
     text()},
    {"level",
     [](auto& r, auto& e, auto& t) {
       if (auto v = r.nonempty_string(e)) t.level = *v;
       t.level_where = r.loc(e.value);
     },
     text()},
    {"highlight",
     [](auto& r, auto& e, auto& t) {
       if (auto v = r.nonempty_string(e)) t.highlight = *v;
     },
     text()},
    {"rows", read_table_rows, row_list},
    {"sort", read_table_sort, section(table_sort_section)},
    {"rules",
     [](auto& r, auto& e, auto& t) {
       if (auto v = r.choice(e, rules_options)) t.grid = *v;
     },
     choice<rules_options>()},
    {"orientation",
     [](auto& r, auto& e, auto& t) {
       if (auto v = r.choice(e, orientation_options)) t.orientation = *v;
     },
     choice<orientation_options>()},
    {"float", read_float<TableBlock>, choice<float_options>()},
    {"where", [](auto& r, auto& e, auto& t) { read_where(r, e, t.filter); }, deferred(where_shape)},
    {"entity", [](auto& r, auto& e, auto& t) { read_entity(r, e, t.filter); }, text()},
    {"pivot", [](auto& r, auto& e, auto& t) { read_pivot(r, e, t.filter); }, deferred(pivot_shape)},
};

SectionShape table_section() { return section_shape(table_keys, "table", "a table"); }

TableBlock read_table(YamlReader& r, const YAML::Node& node) {
  TableBlock t;
  const auto entries = read_section(r, node, table_keys, quoted_name("table"), t);
  if (node.IsMap() && !has_key(entries, "data"))
    r.diags().error(r.loc(node), core::say("'table' has no 'data'"));
  if (node.IsMap() && !has_key(entries, "columns"))
    r.diags().error(r.loc(node), core::say("'table' has no 'columns'"));
  check_filter(r, t.filter);
  return t;
}

// ---- charts ---------------------------------------------------------------------------------

constexpr Option<Axis> axis_options[] = {{"left", Axis::left}, {"right", Axis::right}};

constexpr Key<ChartSeriesSpec> series_keys[] = {
    {"column",
     [](auto& r, auto& e, auto& s) {
       if (auto v = r.nonempty_string(e)) s.column = *v;
       s.where = r.loc(e.value);
     },
     text("the data's column"), true},
    {"name", [](auto& r, auto& e, auto& s) { s.name = r.text(e); }, text()},
    {"unit",
     [](auto& r, auto& e, auto& s) {
       if (auto v = r.string(e); v && !v->empty()) s.unit = r.text(e);
     },
     maybe_empty_text()},
    {"axis",
     [](auto& r, auto& e, auto& s) {
       if (auto a = r.choice(e, axis_options)) s.axis = *a;
     },
     choice<axis_options>()},
    {"revised",
     [](auto& r, auto& e, auto& s) {
       if (auto v = r.nonempty_string(e)) s.revised = *v;
     },
     text()},
};

SectionShape series_section() { return section_shape(series_keys, "series", "a chart series"); }
constexpr Shape a_series = section(series_section);
constexpr Shape series_list = list_of(a_series);

void read_series(YamlReader& r, const Entry& e, ChartBlock& c) {
  if (!e.value.IsSequence() || e.value.size() == 0) {
    r.diags().error(r.loc(e.value), core::say("'series' must be a non-empty list"));
    return;
  }
  for (const auto& s : e.value) {
    ChartSeriesSpec series;
    series.where = r.loc(s);
    const auto entries = read_section(r, s, series_keys, core::say("a chart series"), series);
    if (s.IsMap() && !has_key(entries, "column"))
      r.diags().error(r.loc(s), core::say("a chart series has no 'column'"));
    if (series.name.empty()) series.name = literal(series.column, series.where);
    c.series.push_back(std::move(series));
  }
}

constexpr Option<ChartType> chart_types[] = {{"bar", ChartType::bar},
                                             {"grouped", ChartType::bar},
                                             {"hbar", ChartType::hbar},
                                             {"stacked", ChartType::stacked},
                                             {"stacked100", ChartType::stacked100},
                                             {"line", ChartType::line},
                                             {"area", ChartType::area},
                                             {"bar_line", ChartType::bar_line},
                                             {"pie", ChartType::pie},
                                             {"donut", ChartType::donut}};

void read_chart_type(YamlReader& r, const Entry& e, ChartBlock& c) {
  if (auto t = r.choice(e, chart_types)) c.type = *t;
}

constexpr Bounds chart_height_mm{30.0, 250.0};
constexpr Option<ChartSort> chart_sort_options[] = {{"none", ChartSort::none},
                                                    {"descending", ChartSort::descending},
                                                    {"ascending", ChartSort::ascending}};
constexpr Option<ChartStyle> chart_style_options[] = {{"color", ChartStyle::color},
                                                      {"mono", ChartStyle::mono}};

void read_chart_rows(YamlReader& r, const Entry& e, ChartBlock& c) {
  c.rows_where = r.loc(e.value);
  if (!e.value.IsSequence() || e.value.size() == 0) {
    r.diags().error(r.loc(e.value), core::say("'rows' must list the rows to chart: [2020, 2024]"));
    return;
  }
  for (const auto& row : e.value)
    if (auto v = r.nonempty_string(Entry{"rows", e.key_node, row})) c.rows.push_back(*v);
}

constexpr Key<ChartBlock> chart_keys[] = {
    {"type", read_chart_type, choice<chart_types>()},
    {"data",
     [](auto& r, auto& e, auto& c) {
       if (auto s = r.nonempty_string(e)) c.data = *s;
       c.data_where = r.loc(e.value);
     },
     text("the data's name"), true},
    {"x",
     [](auto& r, auto& e, auto& c) {
       if (auto s = r.nonempty_string(e)) c.x = *s;
       c.x_where = r.loc(e.value);
     },
     text("the category column"), true},
    {"series", read_series, series_list, true},
    {"caption", [](auto& r, auto& e, auto& c) { c.caption = r.text(e); }, text()},
    {"note", [](auto& r, auto& e, auto& c) { c.note = r.text(e); }, text()},
    {"notes", [](auto& r, auto& e, auto& c) { read_notes(r, e, c.notes, false); }, notes_shape},
    {"height_mm",
     [](auto& r, auto& e, auto& c) {
       if (auto v = r.number(e, chart_height_mm)) c.height_mm = *v;
     },
     number(chart_height_mm)},
    {"rows", read_chart_rows, row_list},
    {"sort",
     [](auto& r, auto& e, auto& c) {
       if (auto v = r.choice(e, chart_sort_options)) c.sort = *v;
     },
     choice<chart_sort_options>()},
    {"style",
     [](auto& r, auto& e, auto& c) {
       if (auto v = r.choice(e, chart_style_options)) c.style = *v;
     },
     choice<chart_style_options>()},
    {"labels",
     [](auto& r, auto& e, auto& c) {
       if (auto v = r.boolean(e)) c.labels = *v;
     },
     boolean("print each value")},
    {"highlight",
     [](auto& r, auto& e, auto& c) {
       if (auto v = r.nonempty_string(e)) c.highlight = *v;
     },
     text()},
    {"float", read_float<ChartBlock>, choice<float_options>()},
    {"where", [](auto& r, auto& e, auto& c) { read_where(r, e, c.filter); }, deferred(where_shape)},
    {"entity", [](auto& r, auto& e, auto& c) { read_entity(r, e, c.filter); }, text()},
    {"pivot", [](auto& r, auto& e, auto& c) { read_pivot(r, e, c.filter); }, deferred(pivot_shape)},
};

SectionShape chart_section() { return section_shape(chart_keys, "chart", "a chart"); }

// What a chart's keys must say together: its data, categories and series, the axes only
// bar_line uses, the row a pie of several series shows.
void check_chart(YamlReader& r, const YAML::Node& node, const std::vector<Entry>& entries,
                 const ChartBlock& c) {
  const bool has_series = has_key(entries, "series");
  if (!has_key(entries, "data")) r.diags().error(r.loc(node), core::say("'chart' has no 'data'"));
  if (!has_key(entries, "x"))
    r.diags().error(r.loc(node), core::say("'chart' has no 'x' (the category column)"));
  if (!has_series) r.diags().error(r.loc(node), core::say("'chart' has no 'series'"));
  const auto rights = std::count_if(c.series.begin(), c.series.end(),
                                    [](const auto& s) { return s.axis == Axis::right; });
  if (c.type == ChartType::bar_line) {
    if (has_series && (rights == 0 || rights == static_cast<long>(c.series.size())))
      r.diags().error(
          r.loc(node),
          core::say("a bar_line chart needs bars on the left axis and a line on the right"),
          core::say("give the line series 'axis: right'"));
  } else if (rights > 0) {
    r.diags().error(r.loc(node), core::say("'axis: right' is only used by bar_line charts"));
  }
  if ((c.type == ChartType::pie || c.type == ChartType::donut) && c.series.size() > 1 &&
      c.rows.size() != 1)
    r.diags().error(r.loc(node),
                    core::say("a pie of several series shows one row's columns as slices: name it"),
                    core::say("rows: [2024]"));
}

ChartBlock read_chart(YamlReader& r, const YAML::Node& node) {
  ChartBlock c;
  const auto entries = read_section(r, node, chart_keys, quoted_name("chart"), c);
  if (node.IsMap()) check_chart(r, node, entries, c);
  check_filter(r, c.filter);
  return c;
}

// ---- blocks ---------------------------------------------------------------------------------

// A block's one kind, with the heading's options beside it.
struct BlockTarget {
  Block& block;
  const Entry* level = nullptr;
  const Entry* numbered = nullptr;
  const Entry* orientation = nullptr;
};

// Emphasis in prose: bold and kai in paragraphs and list items, bold in a quotation (set in kai
// already). A heading is set in its level's face, bold or kai itself: no marker there.
core::Text quote_refusal() { return core::say("a quotation is set in kai already"); }
core::Text heading_refusal() {
  return core::say("a heading is set in its level's own face (hei, kai)");
}
const EmphasisRules prose{true, true};
const EmphasisRules in_quote{true, false, quote_refusal};
const EmphasisRules in_heading{false, false, heading_refusal};

constexpr Bounds heading_levels{1, 4};
constexpr Option<bool> heading_orientations[] = {{"landscape", true}, {"portrait", false}};

void read_heading(YamlReader& r, const Entry& k, BlockTarget& t) {
  HeadingBlock h;
  h.text = r.text(k, in_heading);
  if (t.level)
    if (auto v = r.integer(*t.level, heading_levels)) h.level = *v;
  if (t.numbered)
    if (auto v = r.boolean(*t.numbered)) h.numbered = *v;
  if (t.orientation)
    if (auto v = r.choice(*t.orientation, heading_orientations)) h.landscape = *v;
  t.block.content = std::move(h);
}

// A list over rows: `list: {each: districts, where: "...", sort: ..., top: 3, item: "..."}`.
constexpr Option<bool> list_orders[] = {{"descending", true}, {"ascending", false}};
constexpr Bounds list_top{1, 100000};

constexpr Key<ListBlock> list_loop_keys[] = {
    {"each",
     [](auto& r, auto& e, auto& l) {
       if (auto s = r.nonempty_string(e)) l.loop->data = *s;
       l.loop->data_where = r.loc(e.value);
     },
     text("the table whose rows the list goes over"), true},
    {"where",
     [](auto& r, auto& e, auto& l) {
       if (auto s = r.nonempty_string(e)) l.loop->where = *s;
       l.loop->where_where = r.text_start(e.value);
     },
     text("a condition on each row")},
    {"sort",
     [](auto& r, auto& e, auto& l) {
       if (auto s = r.nonempty_string(e)) l.loop->sort = *s;
       l.loop->sort_where = r.text_start(e.value);
     },
     text("the figure the rows are ordered by")},
    {"order",
     [](auto& r, auto& e, auto& l) {
       if (auto v = r.choice(e, list_orders)) l.loop->descending = *v;
     },
     choice<list_orders>()},
    {"top",
     [](auto& r, auto& e, auto& l) {
       if (auto v = r.integer(e, list_top)) l.loop->top = *v;
       l.loop->top_where = r.loc(e.value);
     },
     integer(list_top, "the first N rows only")},
    {"item", [](auto& r, auto& e, auto& l) { l.item = r.text(e, prose); },
     text("the text of each row's item"), true},
};

SectionShape list_loop_section() {
  return section_shape(list_loop_keys, "list_over_rows", "a list with an item per row of a table");
}

void read_list_loop(YamlReader& r, const Entry& k, ListBlock& l) {
  l.loop.emplace();
  const auto entries = read_section(r, k.value, list_loop_keys, core::say("a list over rows"), l);
  if (!has_key(entries, "each"))
    r.diags().error(r.loc(k.value),
                    core::say("a list over rows has no 'each' (the table of its rows)"));
  if (!has_key(entries, "item"))
    r.diags().error(
        r.loc(k.value), core::say("a list over rows has no 'item'"),
        core::say("item: \"{{{{ row.district }}}}增长{{{{ row.gdp_growth_pct | fixed(1) }}}}%\""));
  const auto order =
      std::find_if(entries.begin(), entries.end(), [](const Entry& e) { return e.key == "order"; });
  if (order != entries.end() && !has_key(entries, "sort"))
    r.diags().error(r.loc(order->key_node),
                    core::say("'order' orders by 'sort', and the list has none"));
}

void read_list(YamlReader& r, const Entry& k, BlockTarget& t) {
  ListBlock l;
  if (k.value.IsMap())
    read_list_loop(r, k, l);
  else if (!k.value.IsSequence() || k.value.size() == 0)
    r.diags().error(
        r.loc(k.value),
        core::say("'list' must be a non-empty list of items, or a list over rows: {{each: TABLE, "
                  "item: ...}}"));
  else
    for (const auto& entry : k.value)
      l.items.push_back(r.text(Entry{"list", k.key_node, entry}, prose));
  t.block.content = std::move(l);
}

// `quote: "…"`, or `quote: {text: "…", source: "…"}` with its attribution.
constexpr Key<QuoteBlock> quote_keys[] = {
    {"text", [](auto& r, auto& e, auto& q) { q.text = r.text(e, in_quote); }, text(), true},
    {"source", [](auto& r, auto& e, auto& q) { q.source = r.text(e); }, text("its attribution")},
};

SectionShape quote_section() { return section_shape(quote_keys, "quote", "a quotation"); }

void read_quote(YamlReader& r, const Entry& k, BlockTarget& t) {
  QuoteBlock q;
  if (k.value.IsMap()) {
    const auto entries = read_section(r, k.value, quote_keys, core::say("a quotation"), q);
    if (!has_key(entries, "text"))
      r.diags().error(r.loc(k.value), core::say("a quotation has no 'text'"),
                      core::say("quote: {{text: \"……\", source: \"《……》\"}}"));
  } else {
    q.text = r.text(k, in_quote);
  }
  t.block.content = std::move(q);
}

// The kinds of block (a reader each), the heading's options (read with the heading) and the
// condition any block may have.
constexpr Shape list_alternatives[] = {text_list, section(list_loop_section)};
constexpr Shape quote_alternatives[] = {a_text, section(quote_section)};

constexpr Key<BlockTarget> block_keys[] = {
    {"heading", read_heading, text("a heading's text")},
    {"level", nullptr, integer(heading_levels, "the heading's level"), false, "heading"},
    {"numbered", nullptr, boolean("number the heading (一、 （一） 1. （1）)"), false, "heading"},
    {"orientation", nullptr, choice<heading_orientations>("the pages from the heading on"), false,
     "heading"},
    {"when", nullptr, text("print the block only when this holds")},
    {"paragraph",
     [](auto& r, auto& k, auto& t) { t.block.content = ParagraphBlock{r.text(k, prose)}; },
     text("a paragraph's text")},
    {"list", read_list, any_of(list_alternatives, "items, or a list over rows")},
    {"quote", read_quote, any_of(quote_alternatives, "a quotation")},
    {"table", [](auto& r, auto& k, auto& t) { t.block.content = read_table(r, k.value); },
     section(table_section)},
    {"chart", [](auto& r, auto& k, auto& t) { t.block.content = read_chart(r, k.value); },
     section(chart_section)},
    {"page_break", [](auto&, auto&, auto& t) { t.block.content = PageBreakBlock{}; },
     any_value("a new page")},
    {"notes",
     [](auto& r, auto& k, auto& t) {
       NotesBlock n;
       read_notes(r, k, n.items, false);
       t.block.content = std::move(n);
     },
     notes_shape},
};

SectionShape block_section() {
  return section_shape(block_keys, "block", "a block of the body: one kind's key", true);
}

constexpr Option<bool> page_break_word[] = {{"page_break", true}};
constexpr Shape block_alternatives[] = {choice<page_break_word>(), section(block_section)};
constexpr Shape block_shape = any_of(block_alternatives);

std::string block_kinds() {
  std::vector<const char*> kinds;
  for (const auto& k : block_keys)
    if (k.read) kinds.push_back(k.name);
  return join(kinds);
}

// `when:` on any block: the condition is evaluated by the model, per report.
void read_when(YamlReader& r, const Entry& e, Block& block) {
  if (auto s = r.nonempty_string(e)) block.when = *s;
  block.when_where = r.text_start(e.value);
}

// One block: `page_break`, or a mapping with one kind's key (and a heading's options). False
// when it is no block at all.
bool read_block(YamlReader& r, const YAML::Node& item, Block& block) {
  if (item.IsScalar() && item.Scalar() == "page_break") {
    block.content = PageBreakBlock{};
    return true;
  }
  const auto entries = r.entries(item, key_names(block_keys), core::say("a block"));
  if (!item.IsMap()) return false;
  BlockTarget t{block};
  std::vector<const Entry*> kinds;
  for (const Entry& e : entries) {
    if (find_key(block_keys, e.key)->read)
      kinds.push_back(&e);
    else if (e.key == "when")
      read_when(r, e, block);
    else
      (e.key == "level" ? t.level : e.key == "numbered" ? t.numbered : t.orientation) = &e;
  }
  if (kinds.size() != 1) {
    r.diags().error(r.loc(item), kinds.empty()
                                     ? core::say("a block needs one of {}", block_kinds())
                                     : core::say("a block has more than one of {}", block_kinds()));
    return false;
  }
  const Entry& k = *kinds.front();
  if (const Entry* o = t.level      ? t.level
                       : t.numbered ? t.numbered
                                    : t.orientation;
      o && k.key != "heading")
    r.diags().error(r.loc(o->key_node),
                    o->key == "orientation" && k.key == "table"
                        ? core::say("'{}' belongs to a heading (a table's own goes inside it: "
                                    "table: {{…, orientation: landscape}})",
                                    o->key)
                        : core::say("'{}' belongs to a heading", o->key));
  find_key(block_keys, k.key)->read(r, k, t);
  return true;
}

}  // namespace

Shape body_shape() { return list_of(block_shape, 0, "the blocks of the report, in order"); }

void read_blocks(YamlReader& r, const YAML::Node& node, JobSpec& spec) {
  if (!node.IsSequence()) {
    r.diags().error(r.loc(node), core::say("'body' must be a list of blocks"));
    return;
  }
  for (const auto& item : node) {
    Block block;
    block.where = r.loc(item);
    if (read_block(r, item, block)) spec.blocks.push_back(std::move(block));
  }
}

}  // namespace jb::spec::detail
