#include "layout/hyphenate.hpp"

#include <hyphen.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "core/message.hpp"

namespace jb::layout::detail {

namespace {

// The dictionary's file: $JIANBAO_HYPHEN_DICT, else hyphen/hyph_en_US.dic under each of
// $XDG_DATA_DIRS (default /usr/local/share:/usr/share), where libhyphen's packages put it.
std::vector<std::filesystem::path> dictionary_candidates() {
  std::vector<std::filesystem::path> out;
  if (const char* own = std::getenv("JIANBAO_HYPHEN_DICT"); own && *own) return {own};
  const char* xdg = std::getenv("XDG_DATA_DIRS");
  std::string dirs = xdg && *xdg ? xdg : "/usr/local/share:/usr/share";
  if (dirs.find("/usr/share") == std::string::npos) dirs += ":/usr/share";
  std::size_t at = 0;
  while (at <= dirs.size()) {
    const std::size_t colon = std::min(dirs.find(':', at), dirs.size());
    if (colon > at) {
      const std::filesystem::path d = dirs.substr(at, colon - at);
      out.push_back(d / "hyphen/hyph_en_US.dic");
      out.push_back(d / "hyphen/hyph_en.dic");
    }
    at = colon + 1;
  }
  return out;
}

struct Dictionary {
  std::unique_ptr<HyphenDict, void (*)(HyphenDict*)> dict{nullptr, hnj_hyphen_free};
  std::string problem;

  Dictionary() {
    std::string tried;
    for (const auto& p : dictionary_candidates()) {
      std::error_code ec;
      if (std::filesystem::is_regular_file(p, ec)) {
        dict.reset(hnj_hyphen_load(p.c_str()));
        if (dict) return;
      }
      tried += (tried.empty() ? "" : ", ") + p.string();
    }
    problem = core::say(
                  "no hyphenation dictionary (looked for {}); long English words are not "
                  "hyphenated: install hyphen-en-us or set JIANBAO_HYPHEN_DICT",
                  tried)
                  .str();
  }
};

const Dictionary& dictionary() {
  static const Dictionary d;  // loaded once, read by every thread
  return d;
}

}  // namespace

const std::string& hyphenation_problem() { return dictionary().problem; }

std::vector<bool> hyphenation_points(std::u32string_view word) {
  std::vector<bool> out(word.size(), false);
  if (word.size() < min_hyphenated_word) return out;
  std::string w;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char32_t c = word[i];
    if (i == 0 && c >= 'A' && c <= 'Z') c += 'a' - 'A';  // a sentence's first word, not GDP
    if (c < 'a' || c > 'z') return out;
    w.push_back(static_cast<char>(c));
  }
  const Dictionary& d = dictionary();
  if (!d.dict) return out;
  std::vector<char> hyphens(w.size() + 5, '0');
  char** rep = nullptr;
  int* pos = nullptr;
  int* cut = nullptr;
  const int n = static_cast<int>(w.size());
  if (hnj_hyphen_hyphenate3(d.dict.get(), w.c_str(), n, hyphens.data(), nullptr, &rep, &pos, &cut,
                            3, 3, 3, 3) == 0) {
    for (std::size_t i = 0; i + 1 < w.size(); ++i) out[i] = (hyphens[i] - '0') % 2 == 1;
  }
  if (rep) {  // non-standard hyphenation (none in English): not used, but freed
    for (int i = 0; i < n; ++i) std::free(rep[i]);
    std::free(rep);
  }
  std::free(pos);
  std::free(cut);
  return out;
}

}  // namespace jb::layout::detail
