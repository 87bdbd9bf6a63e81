// tests/model: ASCII punctuation typed in Chinese text is set full-width (model/punctuation), each
// change a warning at the character, or at the placeholder whose value held it.
#include "model/punctuation.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "core/diagnostic.hpp"
#include "core/utf8.hpp"
#include "data/load_indicators.hpp"
#include "model/build_document.hpp"
#include "support.hpp"

using namespace jb;

namespace {

std::string normalized(const std::string& text) {
  return core::encode_utf8(model::normalize_punctuation(*core::decode_utf8(text)).text);
}

std::vector<std::string> warnings_of(const model::Document& doc) {
  std::vector<std::string> out;
  for (const auto& w : doc.warnings) out.push_back(core::format_diagnostic(w));
  return out;
}

const model::Paragraph& paragraph(const model::Document& doc, std::size_t k = 0) {
  std::size_t seen = 0;
  for (const auto& b : doc.blocks)
    if (const auto* p = std::get_if<model::Paragraph>(&b))
      if (seen++ == k) return *p;
  FAIL("no paragraph " << k);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("ASCII marks in Chinese text become full-width, spaces beside them go", "[punctuation]") {
  CHECK(normalized("个百分点 . 其中 : 工业") == "个百分点。其中：工业");
  CHECK(normalized("增加值( 含建筑业 )增长") == "增加值（含建筑业）增长");
  CHECK(normalized("同比增长5.4%, 其中") == "同比增长5.4%，其中");
  CHECK(normalized("同比增长5.4%.") == "同比增长5.4%。");
  CHECK(normalized("真的吗?!对; 好") == "真的吗？！对；好");
  // A pair is one decision: Chinese content, or Chinese on either side.
  CHECK(normalized("GDP(国内生产总值)") == "GDP（国内生产总值）");
  CHECK(normalized("名义GDP (nominal)增长") == "名义GDP（nominal）增长");
  CHECK(normalized("其中(1)工业") == "其中（1）工业");
}

TEST_CASE("numbers, addresses, abbreviations and Latin text keep their ASCII marks",
          "[punctuation]") {
  CHECK(normalized("增长5.4%的") == "增长5.4%的");
  CHECK(normalized("全角５.４％，１,２３４家") == "全角５.４％，１,２３４家");  // full-width digits
  CHECK(normalized("见https://en.wikipedia.org/wiki/GDP_(nominal)的") ==
        "见https://en.wikipedia.org/wiki/GDP_(nominal)的");  // an address's own parentheses
  CHECK(normalized("共1,234家，10:30开始，比例3:2") == "共1,234家，10:30开始，比例3:2");
  CHECK(normalized("GDP (nominal) and CPI, PPI") == "GDP (nominal) and CPI, PPI");
  CHECK(normalized("见https://www.stats.gov.cn/sj/zxfb/202501/t2025.html?a=1,b=2") ==
        "见https://www.stats.gov.cn/sj/zxfb/202501/t2025.html?a=1,b=2");
  // Sentence punctuation after an address is no part of it.
  CHECK(normalized("网址:www.stats.gov.cn.") == "网址：www.stats.gov.cn。");
  CHECK(normalized("联系zhang-san.li@tj.gov.cn.") == "联系zhang-san.li@tj.gov.cn。");
  CHECK(normalized("美国U.S.经济") == "美国U.S.经济");
  CHECK(normalized("附件report.pdf等") == "附件report.pdf等");
  CHECK(normalized("等等...") == "等等...");
  CHECK(normalized("Typst与XeLaTeX") == "Typst与XeLaTeX");
}

TEST_CASE("each mark set full-width is a warning at its own character", "[punctuation]") {
  const auto spec = test::parse_yaml(
      "document: {title: t, date: 2025-11-20}\n"
      "body:\n"
      "  - paragraph: \"个百分点 . 其中 : 工业( 含建筑业 )增长\"\n"
      "  - paragraph: 增长5.4%的\n");
  const auto doc = model::build_document(spec, data::load_indicators(spec));
  CHECK(paragraph(doc).text == "个百分点。其中：工业（含建筑业）增长");
  CHECK(paragraph(doc, 1).text == "增长5.4%的");
  const auto w = warnings_of(doc);
  REQUIRE(w.size() == 4);
  CHECK(w[0] ==
        "test.yaml:3:22: warning: ASCII '.' in Chinese text is set as '。'\n"
        "  hint: type the full-width mark, or keep ASCII marks as typed with typography: "
        "{normalize_punctuation: false}");
  CHECK(w[1].rfind("test.yaml:3:27: warning: ASCII ':' in Chinese text is set as '：'", 0) == 0);
  CHECK(w[2].rfind("test.yaml:3:31: warning: ASCII '(' in Chinese text is set as '（'", 0) == 0);
  CHECK(w[3].rfind("test.yaml:3:38: warning: ASCII ')' in Chinese text is set as '）'", 0) == 0);
  // The full-width space is a character of the text (set as one em), not white space to drop.
  const auto kept =
      test::parse_yaml("document: {title: t, date: 2025-11-20}\nbody:\n  - paragraph: 　甲　乙 \n");
  CHECK(paragraph(model::build_document(kept, data::load_indicators(kept))).text == "甲　乙");
}

TEST_CASE("a mark from a data value is warned at its placeholder", "[punctuation]") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "n.csv") << "key,text\na,工业(含建筑业)\n";
  const auto spec = test::parse_yaml(
      "document: {title: t, date: 2025-11-20}\ndata:\n  n: " + (tmp.path() / "n.csv").string() +
      "\nbody:\n  - paragraph: 其中{{ n.a.text }}增长\n");
  const auto doc = model::build_document(spec, data::load_indicators(spec));
  CHECK(paragraph(doc).text == "其中工业（含建筑业）增长");
  const auto w = warnings_of(doc);
  REQUIRE(w.size() == 2);
  INFO(w[0]);
  CHECK(w[0].rfind("test.yaml:5:18: warning: ASCII '(' in Chinese text in the value of "
                   "{{ n.a.text }} is set as '（'",
                   0) == 0);
  CHECK(w[1].rfind("test.yaml:5:18: warning: ASCII ')'", 0) == 0);
}

TEST_CASE("typography normalize_punctuation false keeps ASCII marks as typed", "[punctuation]") {
  const auto spec = test::parse_yaml(
      "document: {title: t, date: 2025-11-20}\n"
      "typography: {normalize_punctuation: false}\n"
      "body:\n"
      "  - paragraph: 个百分点.其中:工业(含建筑业)增长\n");
  CHECK_FALSE(spec.typography.normalize_punctuation);
  const auto doc = model::build_document(spec, data::load_indicators(spec));
  CHECK(paragraph(doc).text == "个百分点.其中:工业(含建筑业)增长");
  CHECK(doc.warnings.empty());
}
