#include "core/message.hpp"

#include <libintl.h>

#include <atomic>
#include <clocale>
#include <cstdlib>
#include <string_view>

namespace jb::core {

namespace {

constexpr const char* domain = "jianbao";
std::atomic<bool> catalog_in_use{false};

// The first of the variables that is set and not empty, by gettext's order for LC_MESSAGES.
std::string_view locale_name() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"})
    if (const char* v = std::getenv(name); v && *v) return v;
  return "C";
}

bool is_chinese(std::string_view name) { return name.substr(0, 2) == "zh"; }

}  // namespace

const char* tr(const char* english) {
  if (!catalog_in_use.load(std::memory_order_relaxed)) return english;
  return ::dgettext(domain, english);
}

std::string message_code(const char* id) {
  if (!id) return {};
  // FNV-1a, 32 bits, folded to 24: a fixed function of the English text alone.
  std::uint32_t h = 2166136261u;
  for (const char* p = id; *p; ++p) h = (h ^ static_cast<unsigned char>(*p)) * 16777619u;
  h = (h >> 24) ^ (h & 0xffffffu);
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string code = "JB";
  for (int shift = 20; shift >= 0; shift -= 4) code += hex[(h >> shift) & 15];
  return code;
}

bool use_environment_language(const std::filesystem::path& catalog_dir) {
  const std::string_view locale = locale_name();
  const char* language = std::getenv("LANGUAGE");
  // gettext reads LANGUAGE (a list such as zh_CN:en) only when the locale is not C.
  const bool chinese = locale != "C" && locale != "POSIX" && language && *language
                           ? is_chinese(language)
                           : is_chinese(locale);
  if (!chinese) return false;
  // Only the messages' category follows the environment: numbers and the rest stay "C". A zh
  // locale the system has not generated (locales-all or locale-gen) cannot be set; C.UTF-8,
  // which glibc always has, can, and with LANGUAGE gettext then still picks the zh catalog.
  if (!std::setlocale(LC_MESSAGES, "") && !std::setlocale(LC_MESSAGES, "C.UTF-8")) return false;
  ::setenv("LANGUAGE", "zh_CN", 1);
  if (!::bindtextdomain(domain, catalog_dir.c_str())) return false;
  ::bind_textdomain_codeset(domain, "UTF-8");
  // The C library's own messages (strerror's), which follow LANGUAGE too: in UTF-8 as well, not
  // in the "C" character set of LC_CTYPE, which would print each Chinese character as '?'.
  ::bind_textdomain_codeset("libc", "UTF-8");
  catalog_in_use = true;
  return true;
}

}  // namespace jb::core
