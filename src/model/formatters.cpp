// model: formatters, the words and digits a figure is printed in. Every rounding is exact and
// half away from zero (core::Decimal); a sign the wording has absorbed is never printed again.
#include <algorithm>
#include <charconv>
#include <cmath>

#include "data/number.hpp"
#include "data/period.hpp"
#include "model/figure.hpp"

namespace jb::model::detail {

using core::ExitCode;

namespace {

// A formatter and its arguments: whole numbers (decimals) or words (for word(...)).
struct Formatter {
  std::string name;
  std::vector<std::string> args;
};

std::optional<Formatter> parse_formatter(const std::string& text, const SourceLocation& where,
                                         Problems& problems) {
  Formatter f;
  const auto open = text.find('(');
  f.name = trim(text.substr(0, open));
  if (open == std::string::npos) return f;
  if (text.back() != ')')
    return fail(problems, ExitCode::invalid_spec, where,
                core::say("formatter '{}' is missing ')'", text));
  std::string_view inside = std::string_view(text).substr(open + 1, text.size() - open - 2);
  while (true) {
    const auto comma = inside.find(',');
    std::string a = trim(inside.substr(0, comma));
    if (a.size() >= 2 && a.front() == '"' && a.back() == '"') a = a.substr(1, a.size() - 2);
    f.args.push_back(a);
    if (comma == std::string_view::npos) break;
    inside.remove_prefix(comma + 1);
  }
  if (f.args.size() == 1 && f.args[0].empty()) f.args.clear();  // name()
  return f;
}

std::optional<int> decimals_arg(const Formatter& f, std::size_t max_args, int fallback,
                                const SourceLocation& where, Problems& problems) {
  if (f.args.size() > max_args)
    return fail(problems, ExitCode::invalid_spec, where,
                max_args == 1
                    ? core::say("formatter '{}' takes at most {} argument", f.name, max_args)
                    : core::say("formatter '{}' takes at most {} arguments", f.name, max_args));
  if (f.args.empty()) return fallback;
  int v = 0;
  const std::string& a = f.args[0];
  const auto [p, ec] = std::from_chars(a.data(), a.data() + a.size(), v);
  if (ec != std::errc() || p != a.data() + a.size() || v < 0 || v > 6)
    return fail(problems, ExitCode::invalid_spec, where,
                core::say("formatter argument '{}' must be a whole number from 0 to 6", a));
  return v;
}

// Without an argument a formatter keeps a data cell as published (its digits, not a rounding
// of ours) and a derived figure at the decimals its inputs justify; with one it rounds to that
// many decimals. `scale` is a power of ten the figure is shown in (万亿 from 亿: -4).
std::optional<std::string> number_text(const Formatter& f, const Value& v,
                                       const SourceLocation& where, Problems& problems,
                                       int scale = 0, int fallback_decimals = -1) {
  const auto decimals = decimals_arg(f, 1, fallback_decimals, where, problems);
  if (!decimals) return std::nullopt;
  if (scale != 0) {
    const auto n = number(v, where, problems);
    if (!n) return std::nullopt;
    return (*n * Decimal::pow10(scale)).fixed(*decimals >= 0 ? *decimals : 2);
  }
  if (*decimals >= 0) return rounded_text(v, *decimals, where, problems);
  if (v.derived()) return rounded_text(v, v.decimals, where, problems);
  // A data cell that is not a figure is an error here too.
  if (!number(v, where, problems)) return std::nullopt;
  return published_text(v);
}

// The magnitude of a change as text, and whether it rounds to zero.
std::optional<std::pair<std::string, bool>> magnitude(const Formatter& f, const Value& v,
                                                      const SourceLocation& where,
                                                      Problems& problems) {
  auto mag = number_text(f, v, where, problems);
  if (!mag) return std::nullopt;
  if (!mag->empty() && (*mag)[0] == '-') mag->erase(0, 1);
  return std::pair{*mag, mag->find_first_not_of("0.") == std::string::npos};
}

// The formatters, for a hint.
core::Text formatters_hint() {
  return core::say(
      "formatters: fixed(n), abs(n), yi(n), wanyi(n), percent(n), change(n), price(n), "
      "basis_change(n), points(n[, basis]), pace(n[, basis]), faster(n[, basis]), "
      "higher(n[, basis]), thousands(n), period, year, word(if above zero, if below zero, if "
      "zero)");
}

// The bases of change Chinese statistics uses, as the column `change_basis` writes them.
constexpr const char* known_bases[] = {"同比", "环比", "较年初", "比上年", "较上年末", "较上月"};

// A signed figure in words: up[0] for a rise, down for a fall, 持平 when it rounds to zero.
std::optional<std::string> signed_words(const Formatter& f, const Value& v,
                                        const SourceLocation& where, Problems& problems,
                                        const char* up, const char* down, const char* unit) {
  const auto mag = magnitude(f, v, where, problems);
  if (!mag) return std::nullopt;
  if (mag->second) return "持平";
  const auto n = number(v, where, problems);
  if (!n) return std::nullopt;
  return (n->sign() > 0 ? up : down) + mag->first + unit;
}

// Two rates compared (diff(now, before) | pace): 加快/回落 … 个百分点, and for two declines
// 降幅收窄/降幅扩大 … 个百分点.
std::optional<std::string> pace(const Formatter& f, const Value& v, const SourceLocation& where,
                                Problems& problems) {
  if (!v.now || !v.before)
    return fail(problems, ExitCode::invalid_spec, where,
                core::say("pace compares two rates: it takes diff(now, before)"),
                core::say("for example {{{{ diff(ind.m10.yoy, ind.m9.yoy) | pace }}}}"));
  if (v.now->sign() < 0 && v.before->sign() < 0)
    return signed_words(f, v, where, problems, "降幅收窄", "降幅扩大", "个百分点");
  return signed_words(f, v, where, problems, "加快", "回落", "个百分点");
}

// A comparison's words, and with a second argument what it is compared with: faster(1, 全市)
// gives 比全市快0.3个百分点, and at zero 与全市持平 (never 比全市持平).
std::optional<std::string> comparison(const Formatter& f, const Value& v,
                                      const SourceLocation& where, Problems& problems) {
  Formatter digits = f;
  std::string basis;
  if (f.args.size() > 2)
    return fail(problems, ExitCode::invalid_spec, where,
                core::say("formatter '{}' takes at most 2 arguments: decimals, and what the figure "
                          "is compared with",
                          f.name));
  if (f.args.size() == 2) {
    basis = f.args[1];
    digits.args = {f.args[0]};
    if (digits.args[0].empty()) digits.args.clear();  // faster(, 全市): the default decimals
    if (basis.empty())
      return fail(problems, ExitCode::invalid_spec, where,
                  core::say("{}'s second argument names what the figure is compared with", f.name),
                  core::say("for example {}(1, 全市) or {}(1, 上年同期)", f.name, f.name));
  }
  const auto said =
      f.name == "pace"     ? pace(digits, v, where, problems)
      : f.name == "faster" ? signed_words(digits, v, where, problems, "快", "慢", "个百分点")
      : f.name == "higher" ? signed_words(digits, v, where, problems, "高", "低", "个百分点")
                           : signed_words(digits, v, where, problems, "提高", "回落", "个百分点");
  if (!said) return std::nullopt;
  const std::string& words = *said;
  if (basis.empty()) return words;
  if (words == "持平") return "与" + basis + "持平";
  const std::string decline = "降幅";  // 降幅比上月收窄, not 比上月降幅收窄
  if (words.rfind(decline, 0) == 0) return decline + "比" + basis + words.substr(decline.size());
  return "比" + basis + words;
}

std::optional<std::string> basis_change(const Formatter& f, const Value& v,
                                        const SourceLocation& where, Problems& problems) {
  const data::Table* t = v.table;
  const auto basis_col = t ? t->column_index("change_basis") : std::nullopt;
  if (!basis_col)
    return fail(problems, ExitCode::invalid_spec, where,
                core::say("basis_change needs a data cell whose table has a 'change_basis' column"),
                core::say("or write the basis yourself: 同比{{{{ x | change }}}}"));
  const std::string basis(v.row->cells[*basis_col]);
  if (std::find(std::begin(known_bases), std::end(known_bases), basis) == std::end(known_bases))
    return fail(problems, ExitCode::data_error, v.data_where,
                core::say("the change_basis of {} is '{}', not a basis of change", v.what, basis),
                core::say("bases: 同比, 环比, 较年初, 比上年, 较上年末, 较上月"));
  const auto words = signed_words(f, v, where, problems, "增长", "下降", "%");
  if (!words) return std::nullopt;
  return basis + *words;
}

std::optional<std::string> word(const Formatter& f, const Value& v, const SourceLocation& where,
                                Problems& problems) {
  if (f.args.size() < 2 || f.args.size() > 3)
    return fail(
        problems, ExitCode::invalid_spec, where,
        core::say("word takes two or three words: word(加快, 放缓) or word(高于, 低于, 持平于)"));
  for (const auto& a : f.args)  // an empty word would print a blank where the text needs one
    if (a.empty())
      return fail(problems, ExitCode::invalid_spec, where, core::say("word(...) has an empty word"),
                  core::say("give each case its word: word(高于, 低于, 持平于)"));
  const auto n = number(v, where, problems);
  if (!n) return std::nullopt;
  const int s = n->sign();
  if (s == 0 && f.args.size() < 3)
    return fail(problems, ExitCode::data_error, where,
                core::say("{} is 0 and word(...) has no word for zero", v.what),
                core::say("add a third word: word({}, {}, 持平)", f.args[0], f.args[1]));
  return s > 0 ? f.args[0] : s < 0 ? f.args[1] : f.args[2];
}

std::optional<std::string> period(const Formatter& f, const Value& v, const SourceLocation& where,
                                  Problems& problems) {
  if (!decimals_arg(f, 0, 0, where, problems)) return std::nullopt;
  const auto p = data::parse_period(v.text);
  if (!p)
    return fail(problems, ExitCode::data_error, v.data_where,
                core::say("'{}' of {} is not a period", core::excerpt(v.text), v.what),
                core::say("periods are written 2024, 2025Q1-3, 2025M1-9 or 2025M9E"));
  return f.name == "year" ? std::to_string(p->year) + "年" : p->label_zh();
}

// A text with a unit after it, or nothing.
std::optional<std::string> with(std::optional<std::string> text, const char* unit) {
  if (text) *text += unit;
  return text;
}

std::optional<std::string> apply(const Formatter& f, const Value& v, const SourceLocation& where,
                                 Problems& problems) {
  if (f.name == "fixed") return number_text(f, v, where, problems, 0, 1);
  if (f.name == "abs") {
    const auto mag = magnitude(f, v, where, problems);
    return mag ? std::optional(mag->first) : std::nullopt;
  }
  if (f.name == "yi") return with(number_text(f, v, where, problems), "亿元");
  if (f.name == "wanyi") return with(number_text(f, v, where, problems, -4, 2), "万亿元");
  if (f.name == "percent") return with(number_text(f, v, where, problems), "%");
  if (f.name == "thousands") {
    const auto digits = number_text(f, v, where, problems);
    return digits ? std::optional(with_thousands(*digits)) : std::nullopt;
  }
  if (f.name == "change") return signed_words(f, v, where, problems, "增长", "下降", "%");
  if (f.name == "price") return signed_words(f, v, where, problems, "上涨", "下降", "%");
  if (f.name == "basis_change") return basis_change(f, v, where, problems);
  if (f.name == "points" || f.name == "pace" || f.name == "faster" || f.name == "higher")
    return comparison(f, v, where, problems);
  if (f.name == "word") return word(f, v, where, problems);
  if (f.name == "period" || f.name == "year") return period(f, v, where, problems);
  return fail(problems, ExitCode::invalid_spec, where, core::say("unknown formatter '{}'", f.name),
              formatters_hint());
}

// sign(g - t) for the CAGR g in percent: g > t exactly when ratio > (1 + t/100)^years.
int compare_cagr(const Cagr& c, const Decimal& t) {
  const Decimal base = Decimal(1) + t / Decimal(100);
  if (base.sign() <= 0) return 1;  // the root is above zero
  const Decimal p = base.power(c.years);
  return c.ratio > p ? 1 : c.ratio < p ? -1 : 0;
}

// The CAGR rounded half away from zero to `decimals`, found exactly by comparing powers of the
// rounding boundaries with the ratio (a double only gives the first guess).
std::string cagr_text(const Cagr& c, int decimals) {
  const double guess =
      (std::pow(c.ratio.to_double(), 1.0 / c.years) - 1) * 100 * std::pow(10.0, decimals);
  long k = std::lround(guess);
  const Decimal unit = Decimal::pow10(-decimals);
  auto half = [&](long n, int side) {  // (n + side/2) units
    return Decimal(2 * n + side) / Decimal(2) * unit;
  };
  if (compare_cagr(c, Decimal(0)) >= 0) {  // k = floor(g/unit + 1/2)
    while (compare_cagr(c, half(k, 1)) >= 0) ++k;
    while (compare_cagr(c, half(k, -1)) < 0) --k;
  } else {  // k = ceil(g/unit - 1/2)
    while (compare_cagr(c, half(k, -1)) <= 0) --k;
    while (compare_cagr(c, half(k, 1)) > 0) ++k;
  }
  return (Decimal(k) * unit).fixed(decimals);
}

}  // namespace

std::string with_thousands(const std::string& number) {
  const auto start = number.find_first_of("0123456789");
  const auto point = number.find('.');
  const auto int_end = point == std::string::npos ? number.size() : point;
  std::string out = number.substr(0, int_end);
  for (auto k = static_cast<long>(int_end) - 3; k > static_cast<long>(start); k -= 3)
    out.insert(static_cast<std::size_t>(k), ",");
  return out + number.substr(int_end);
}

std::nullopt_t fail(Problems& problems, ExitCode code, SourceLocation where,
                    const core::Text& message, const core::Text& hint) {
  problems.error(code, std::move(where), message, hint);
  return std::nullopt;
}

std::optional<Decimal> number(const Value& v, const SourceLocation& where, Problems& problems) {
  if (v.exact) return *v.exact;
  if (v.cagr) return Decimal::parse(cagr_text(*v.cagr, 12)).value();
  std::string why;
  const auto checked = data::parse_number(v.text, &why);
  const auto d = checked ? Decimal::parse(v.text) : std::nullopt;
  if (!d)
    return fail(
        problems, ExitCode::data_error, v.data_where,
        core::say("value '{}' of {} is not a number: {}", core::excerpt(v.text), v.what, why),
        core::say("used at {}", core::to_string(where)));
  return d;
}

std::string published_text(const Value& v) {
  std::string s = v.text;
  const auto d = data::parse_number(s) ? Decimal::parse(s) : std::nullopt;
  if (!d) return s;
  if (!s.empty() && (s[0] == '+' || (s[0] == '-' && d->is_zero()))) s.erase(0, 1);
  return s;
}

std::optional<std::string> rounded_text(const Value& v, int decimals, const SourceLocation& where,
                                        Problems& problems) {
  if (v.cagr) return cagr_text(*v.cagr, decimals);
  const auto n = number(v, where, problems);
  if (!n) return std::nullopt;
  return n->fixed(decimals);
}

std::optional<std::string> apply_formatter(const std::string& formatter, const Value& v,
                                           const SourceLocation& where, Problems& problems) {
  const auto f = parse_formatter(formatter, where, problems);
  if (!f) return std::nullopt;
  return apply(*f, v, where, problems);
}

}  // namespace jb::model::detail
