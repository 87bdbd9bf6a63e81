#include "model/punctuation.hpp"

#include "core/char_class.hpp"
#include "core/links.hpp"

namespace jb::model {

namespace {

bool is_blank(char32_t c) { return c == ' '; }
// Chinese context: a Han character or a full-width mark (U+3000 included).
bool chinese(char32_t c) { return !is_blank(c) && core::is_cjk_context(c); }
bool alnum(char32_t c) {
  return core::is_latin_alnum(c) || (c >= 0xFF10 && c <= 0xFF19) ||  // ０-９
         (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A);
}

char32_t full_width(char32_t c) {
  switch (c) {
    case ',':
      return U'，';
    case '.':
      return U'。';
    case ';':
      return U'；';
    case ':':
      return U'：';
    case '?':
      return U'？';
    case '!':
      return U'！';
    case '(':
      return U'（';
    case ')':
      return U'）';
    default:
      return 0;
  }
}

class Normalizer {
 public:
  explicit Normalizer(std::u32string_view s) : s_(s), to_(s.size(), 0), in_link_(s.size(), false) {
    for (const core::LinkSpan& l : core::find_links(s))
      for (std::size_t k = l.begin; k < l.end; ++k) in_link_[k] = true;
  }

  NormalizedPunctuation run() {
    parentheses();
    for (std::size_t i = 0; i < s_.size(); ++i)
      if (s_[i] != '(' && s_[i] != ')' && full_width(s_[i]) && !in_link_[i] && single(i))
        to_[i] = full_width(s_[i]);
    return assemble();
  }

 private:
  // The character at k as it will be set (a mark already decided on counts as full-width).
  char32_t at(std::size_t k) const { return to_[k] ? to_[k] : s_[k]; }
  // The nearest character before i (after i) that is not a space, or 0.
  char32_t left_of(std::size_t i) const {
    while (i > 0 && is_blank(s_[i - 1])) --i;
    return i > 0 ? at(i - 1) : 0;
  }
  char32_t right_of(std::size_t i) const {
    ++i;
    while (i < s_.size() && is_blank(s_[i])) ++i;
    return i < s_.size() ? at(i) : 0;
  }
  // The run of characters without a space that ends right before i reaches a Han character
  // ("增长5.4%."): the mark ends a Chinese clause.
  bool glued_to_chinese(std::size_t i) const {
    for (std::size_t k = i; k > 0; --k) {
      if (is_blank(s_[k - 1])) return false;
      if (chinese(at(k - 1))) return true;
    }
    return false;
  }

  // A pair of parentheses is one decision: Chinese content, or Chinese on either side.
  void parentheses() {
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < s_.size(); ++i) {
      if (in_link_[i]) continue;
      if (s_[i] == '(') open.push_back(i);
      if (s_[i] != ')' || open.empty()) continue;
      const std::size_t o = open.back();
      open.pop_back();
      bool cjk = chinese(left_of(o)) || chinese(right_of(i));
      for (std::size_t k = o + 1; k < i && !cjk; ++k) cjk = chinese(at(k));
      if (cjk) to_[o] = U'（', to_[i] = U'）';
    }
  }

  bool single(std::size_t i) const {
    const char32_t c = s_[i];
    const char32_t before = i > 0 ? s_[i - 1] : 0, after = i + 1 < s_.size() ? s_[i + 1] : 0;
    if (alnum(before) && alnum(after)) return false;  // 5.4, 1,234, 10:30, U.S, report.pdf
    if (c == '.' && (before == '.' || after == '.')) return false;  // ... is no full stop
    // An abbreviation's last point (U.S.): a single letter after a point.
    if (c == '.' && i >= 2 && core::is_latin_alnum(before) && s_[i - 2] == '.') return false;
    if (chinese(left_of(i)) || chinese(right_of(i))) return true;
    return right_of(i) == 0 && glued_to_chinese(i);  // the text's last mark
  }

  NormalizedPunctuation assemble() const {
    NormalizedPunctuation out;
    out.kept.assign(s_.size(), true);
    for (std::size_t i = 0; i < s_.size(); ++i) {
      if (!to_[i]) continue;
      for (std::size_t k = i; k > 0 && is_blank(s_[k - 1]); --k) out.kept[k - 1] = false;
      for (std::size_t k = i + 1; k < s_.size() && is_blank(s_[k]); ++k) out.kept[k] = false;
    }
    for (std::size_t i = 0; i < s_.size(); ++i) {
      if (!out.kept[i]) continue;
      if (to_[i]) out.changes.push_back({out.text.size(), s_[i], to_[i]});
      out.text.push_back(at(i));
    }
    return out;
  }

  std::u32string_view s_;
  std::vector<char32_t> to_;  // the full-width form each mark is set as, or 0
  std::vector<bool> in_link_;
};

}  // namespace

NormalizedPunctuation normalize_punctuation(std::u32string_view text) {
  return Normalizer(text).run();
}

}  // namespace jb::model
