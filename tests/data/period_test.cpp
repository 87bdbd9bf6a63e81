// tests/data: periods written without 年, their sameness, and which chart categories are partial.
#include "data/period.hpp"

#include <catch2/catch.hpp>

using namespace jb;

TEST_CASE("periods: the Chinese forms with and without 年", "[data]") {
  const std::pair<const char*, const char*> forms[] = {
      {"2025前三季度", "2025年前三季度"},
      {"2025上半年", "2025年上半年"},
      {"2025下半年", "2025年下半年"},
      {"2025一季度", "2025年一季度"},
      {"2025第三季度", "2025年三季度"},
      {"2025年第一季度", "2025年一季度"},
      {"2025年一至三季度", "2025年前三季度"},
      {"2025年二至三季度", "2025年二至三季度"},
      {"2025年1-9月", "2025年1—9月"},
      {"2025年1～9月", "2025年1—9月"},
      {"2025全年", "2025年"},
      {"2025年全年", "2025年"},
  };
  for (const auto& [written, label] : forms) {
    INFO(written);
    const auto p = data::parse_period(written);
    REQUIRE(p);
    CHECK(p->label_zh() == label);
  }
  CHECK_FALSE(data::parse_period("2025前一季度"));
  CHECK_FALSE(data::parse_period("2025五季度"));
  CHECK_FALSE(data::parse_period("2025季度"));
  CHECK_FALSE(data::parse_period("2025年度"));
  CHECK_FALSE(data::parse_period("2025宁波"));
}

TEST_CASE("periods: two spellings of one span are the same period", "[data]") {
  auto same = [](const char* a, const char* b) {
    return data::parse_period(a)->same_as(*data::parse_period(b));
  };
  CHECK(same("2025M1-9", "2025年1—9月"));
  CHECK(same("2025Q1-3", "2025M1-9"));
  CHECK(same("2025前三季度", "2025Q1-3"));
  CHECK(same("2024", "2024M1-12"));
  CHECK(same("2024", "2024Q1-4"));
  CHECK(same("2024M1-12", "2024Q1-4"));
  CHECK(same("2024年1—12月", "2024全年"));
  CHECK(same("2025Q2", "2025M4-6"));
  CHECK_FALSE(same("2025M9", "2025M9E"));  // a month and its end
  CHECK_FALSE(same("2025M1-9", "2024M1-9"));
  CHECK_FALSE(same("2025M1-9", "2025M1-10"));
}

TEST_CASE("periods: 2025M1-12 and 2025Q1-4 are whole years of their own kind", "[data]") {
  const auto m = data::parse_period("2025M1-12"), q = data::parse_period("2025Q1-4");
  REQUIRE(m);
  REQUIRE(q);
  CHECK(m->kind == data::Period::Kind::months);
  CHECK(q->kind == data::Period::Kind::quarters);
  CHECK(data::parse_period("2025年1—12月")->kind == data::Period::Kind::months);
  CHECK(data::parse_period("2025年前四季度")->kind == data::Period::Kind::quarters);
  CHECK(data::parse_period("2025")->kind == data::Period::Kind::year);
  CHECK(data::parse_period("2025全年")->kind == data::Period::Kind::year);
  for (const char* whole : {"2025", "2025M1-12", "2025Q1-4", "2025年1—12月", "2025年一至四季度"}) {
    INFO(whole);
    const auto p = data::parse_period(whole);
    CHECK(p->whole_year());
    CHECK_FALSE(p->partial());
    CHECK(p->label_zh() == "2025年");
    CHECK(p->span_zh().empty());
  }
  CHECK_FALSE(data::parse_period("2025M12E")->whole_year());  // the year's end: a point in time
  CHECK(data::parse_period("2025M12E")->label_zh() == "2025年12月末");
  CHECK(data::parse_period("2025M12")->label_zh() == "2025年12月");
  CHECK(data::parse_period("2025Q4")->label_zh() == "2025年四季度");
  CHECK(data::parse_period("2025Q4")->kind == data::Period::Kind::quarters);
  // Their code reads back as the same kind.
  CHECK(data::parse_period(m->code())->kind == data::Period::Kind::months);
  CHECK(data::parse_period(q->code())->kind == data::Period::Kind::quarters);
}

TEST_CASE("partial periods are a comparison with the chart's other periods", "[data]") {
  using V = std::vector<std::string>;
  using B = std::vector<bool>;
  const std::pair<V, B> cases[] = {
      // A shorter span among whole years.
      {{"2023", "2024", "2025前三季度"}, {false, false, true}},
      {{"2023", "2024", "2025Q1-3"}, {false, false, true}},
      {{"2024", "2025M1-9"}, {false, true}},
      {{"2022", "2023", "2024Q1-3", "2025Q1-3"}, {false, false, true, true}},
      {{"2023", "2024", "2025M9E"}, {false, false, true}},
      // The same span every time: complete.
      {{"2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3"}, B(7, false)},
      {{"2025M1", "2025M2", "2025M3", "2025M4", "2025M5", "2025M6", "2025M7", "2025M8", "2025M9"},
       B(9, false)},
      {{"2023M1-9", "2024M1-9", "2025M1-9"}, B(3, false)},
      // Year-to-date cumulations: the steps of one series, complete.
      {{"2025M1-2", "2025M1-3", "2025M1-4", "2025M1-5", "2025M1-6", "2025M1-7", "2025M1-8",
        "2025M1-9", "2025M1-10"},
       B(9, false)},
      {{"2025年1—2月", "2025年1—3月", "2025年1—4月"}, B(3, false)},
      {{"2024M1-11", "2024", "2025M1-2", "2025M1-3"}, B(4, false)},
      {{"2025M1E", "2025M2E", "2025M3E"}, B(3, false)},
      // Not periods, or nothing to compare with.
      {{"海曙区", "江北区"}, B(2, false)},
      {{"2025Q1-3"}, B(1, false)},
      {{"海曙区", "2025Q1-3"}, B(2, false)},
      {{}, {}},
  };
  for (const auto& [categories, partial] : cases) {
    std::string all;
    for (const auto& c : categories) all += c + " ";
    INFO(all);
    CHECK(data::partial_periods(categories) == partial);
  }
}
