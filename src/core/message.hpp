// core: the texts a user reads. Every diagnostic, hint and log line is written
// `say("unknown key '{}' in {}", key, where)`: its English format is the key of the message
// catalog (gettext, domain "jianbao"), so the reader gets it in their language when a catalog
// for it is installed (zh_CN: src/po/zh_CN.po), and the English stays its identity, from which
// the stable code that `--diagnostics json` carries is made. A Text is made only by say(), so a
// text that skips the catalog does not compile where a Text is asked for.
#pragma once

#include <fmt/format.h>

#include <filesystem>
#include <string>
#include <utility>

namespace jb::core {

class Text {
 public:
  Text() = default;  // no text (an absent hint)
  // A text from outside the program, as it came (a database's own message, a test's): no
  // catalog has it, and it has no code. Never given a literal (tests/ci/messages_check.py).
  static Text verbatim(std::string text) { return Text(std::move(text), nullptr); }

  const std::string& str() const { return text_; }
  bool empty() const { return text_.empty(); }
  // The English format it was made from (a literal, alive for the whole run); nullptr for none.
  const char* id() const { return id_; }

 private:
  Text(std::string text, const char* id) : text_(std::move(text)), id_(id) {}
  template <typename... Args>
  friend Text say(fmt::format_string<Args...> english, Args&&... args);
  std::string text_;
  const char* id_ = nullptr;
};

// `english` in the reader's language: the catalog's translation, or `english` itself (the same
// pointer) when there is none or no catalog is in use.
const char* tr(const char* english);

// The text `english` says with `args` in place of its {} fields, in the reader's language. The
// English format is checked at compile time; a translation that does not format with these
// arguments (the catalog test refuses one) falls back to the English.
template <typename... Args>
Text say(fmt::format_string<Args...> english, Args&&... args) {
  const fmt::string_view en = english;  // of a literal: NUL-terminated
  const char* local = tr(en.data());
  if (local != en.data()) {
    try {
      return Text(fmt::vformat(local, fmt::make_format_args(args...)), en.data());
    } catch (const fmt::format_error&) {
    }
  }
  return Text(fmt::vformat(en, fmt::make_format_args(args...)), en.data());
}

// The stable code of a message: "JB" and six hexadecimal digits of a hash of its English format,
// the same in every language; "" for none.
std::string message_code(const char* id);

// The language of the environment's messages, as gettext reads it (LANGUAGE, then LC_ALL,
// LC_MESSAGES, LANG): a zh_* locale uses the Chinese catalog in `catalog_dir`
// (catalog_dir/zh_CN/LC_MESSAGES/jianbao.mo), anything else English. A zh locale that the
// system has not generated still gets Chinese. Returns whether a catalog is in use. Called once,
// before any thread starts.
bool use_environment_language(const std::filesystem::path& catalog_dir);

}  // namespace jb::core
