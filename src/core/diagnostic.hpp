// core: source locations, diagnostics and the user-error exception shared by every stage.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace jb::core {

// A place in a user's file. line and column are 1-based; 0 means "not known".
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

enum class Severity { error, warning };

struct Diagnostic {
  Severity severity = Severity::error;
  SourceLocation where;
  std::string message;
  std::string hint;  // optional second line, printed as "  hint: ..."
};

// The documented exit codes (sysexits.h values); README.md lists them.
enum class ExitCode : int {
  ok = 0,
  usage = 64,          // the command line is wrong (EX_USAGE)
  data_error = 65,     // invalid indicator data (EX_DATAERR)
  missing_input = 66,  // a spec, data or font file cannot be opened (EX_NOINPUT)
  internal = 70,       // a bug in jianbao (EX_SOFTWARE)
  os_error = 71,       // the system refused a resource: memory, a thread, a descriptor (EX_OSERR)
  cant_create = 73,    // the output cannot be created (EX_CANTCREAT)
  io_error = 74,       // writing the output failed part-way (EX_IOERR)
  busy = 75,           // another run holds the output folder (EX_TEMPFAIL)
  no_permission = 77,  // the spec names a file outside what it may read (EX_NOPERM)
  invalid_spec = 78,   // the YAML spec is invalid (EX_CONFIG)
};

// A text with every control character written out (ESC as \x1b, a newline as \n, C1 controls as
// \u0085): what a cell or a file name puts in a message never reaches a terminal raw.
std::string escape_controls(std::string_view text);

// A cell, a value or a line quoted in a message: its first `max_chars` characters, then "…".
// A message names what is wrong; it never carries a whole file's line (which may be a secret).
std::string excerpt(std::string_view text, std::size_t max_chars = 40);

// "file:line:col: error: message" (parts that are unknown are left out), plus a hint line; every
// part with its control characters escaped, and a message longer than a screen shortened.
std::string format_diagnostic(const Diagnostic& d);

// Thrown for anything the spec author or data supplier can fix. Carries every problem found
// and the exit code the run should end with. main() prints the diagnostics once.
class UserError : public std::runtime_error {
 public:
  UserError(ExitCode code, std::vector<Diagnostic> diagnostics);
  UserError(ExitCode code, SourceLocation where, std::string message, std::string hint = {});

  ExitCode code() const { return code_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  ExitCode code_;
  std::vector<Diagnostic> diagnostics_;
};

// Collects diagnostics during a stage that reports every problem in one run. An identical
// problem at the same place is kept once; of the problems of one kind (the same message but
// for its quoted names and its numbers: "row has 3 fields, the header has 2" on every row of a
// file), the first `shown_per_kind` are kept, and one more diagnostic at the end counts the rest.
// Both take constant time per problem, however many there are, and the problems not shown cost
// a hash each.
class DiagnosticList {
 public:
  static constexpr std::size_t shown_per_kind = 100;

  void error(SourceLocation where, std::string message, std::string hint = {});
  void warning(SourceLocation where, std::string message, std::string hint = {});
  void add(Diagnostic d);
  bool has_errors() const { return errors_ > 0; }
  int error_count() const { return errors_; }  // every error added, shown or not
  // The kept diagnostics in order, then one per kind with problems not shown.
  std::vector<Diagnostic> all() const;
  std::vector<Diagnostic> warnings() const;
  // Throws UserError(code, errors) when any error was recorded.
  void throw_if_errors(ExitCode code) const;

 private:
  struct Kind {
    std::size_t shown = 0;
    std::size_t hidden = 0;
    Diagnostic first_hidden;  // where the problems not shown start
  };
  std::vector<Diagnostic> collect(bool errors, bool warnings) const;
  std::vector<Diagnostic> items_;
  // Each problem's identity (severity, place, message) by its hash: the index + 1 of the kept
  // diagnostic, compared in full, or 0 for one not shown, whose hash alone is kept.
  std::unordered_map<std::size_t, std::size_t> seen_;
  std::unordered_map<std::string, Kind> kinds_;  // by severity and message shape
  std::vector<const std::string*> kind_order_;   // kinds in the order they first occurred
  int errors_ = 0;
};

}  // namespace jb::core
