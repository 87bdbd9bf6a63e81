// core: source locations, diagnostics and the user-error exception shared by every stage.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/message.hpp"

namespace jb::core {

// A place in a user's file. line and column are 1-based; 0 means "not known".
struct SourceLocation {
  SourceLocation() = default;
  SourceLocation(std::string file_, int line_ = 0, int column_ = 0, std::string sheet_ = {})
      : file(std::move(file_)), line(line_), column(column_), sheet(std::move(sheet_)) {}
  std::string file;
  int line = 0;
  int column = 0;
  // A workbook's sheet (or a query's result): line is the row and column the column, written
  // as Excel writes a cell (x.xlsx:主要指标!C12, a whole row 主要指标!12:12).
  std::string sheet;
};

// The documented exit codes (sysexits.h values); README.md lists them.
enum class ExitCode : int {
  ok = 0,
  usage = 64,          // the command line is wrong (EX_USAGE)
  data_error = 65,     // invalid indicator data (EX_DATAERR)
  missing_input = 66,  // a spec, data or font file cannot be opened (EX_NOINPUT)
  unavailable = 69,    // a database cannot be reached or does not answer in time (EX_UNAVAILABLE)
  internal = 70,       // a bug in jianbao (EX_SOFTWARE)
  os_error = 71,       // the system refused a resource: memory, a thread, a descriptor (EX_OSERR)
  cant_create = 73,    // the output cannot be created (EX_CANTCREAT)
  io_error = 74,       // writing the output failed part-way (EX_IOERR)
  busy = 75,           // another run holds the output folder (EX_TEMPFAIL)
  no_permission = 77,  // the spec names a file outside what it may read (EX_NOPERM)
  invalid_spec = 78,   // the YAML spec is invalid (EX_CONFIG)
};

// A sheet's column as Excel names it: 1 is A, 27 is AA.
std::string column_letters(int column);

// "file:line:col", leaving out what is not known ("file:line", "file"), or "file:sheet!C12";
// empty without a file.
std::string to_string(const SourceLocation& where);

enum class Severity { error, warning };

struct Diagnostic {
  Severity severity = Severity::error;
  SourceLocation where;
  std::string message;
  std::string hint;  // optional second line, printed as "  hint: ..."
  // The exit code an error calls for (a warning's is never used). Of several errors the most
  // serious decides: missing_input, then invalid_spec, then any other (the first of them).
  ExitCode code = ExitCode::data_error;
  // The English format of the message (Text::id): what its stable code is made of; nullptr for
  // a message made elsewhere (a test's).
  const char* id = nullptr;
};

// The diagnostic `message` (and `hint`) make, with the message's identity.
Diagnostic make_diagnostic(Severity severity, SourceLocation where, const Text& message,
                           const Text& hint = {}, ExitCode code = ExitCode::data_error);

// A text with every control character written out (ESC as \x1b, a newline as \n, C1 controls as
// \u0085): what a cell or a file name puts in a message never reaches a terminal raw.
std::string escape_controls(std::string_view text);

// A cell, a value or a line quoted in a message: its first `max_chars` characters, then "…".
// A message names what is wrong; it never carries a whole file's line (which may be a secret).
std::string excerpt(std::string_view text, std::size_t max_chars = 40);

// "file:line:col: error: message" (parts that are unknown are left out), plus a hint line; every
// part with its control characters escaped, and a message longer than a screen shortened.
std::string format_diagnostic(const Diagnostic& d);

// The code a run with these errors ends with, by the rule of Diagnostic::code; ok without
// errors.
ExitCode exit_code_of(const std::vector<Diagnostic>& diagnostics);

// Thrown for anything the spec author or data supplier can fix, at a stage's boundary (a stage
// itself writes its problems to a DiagnosticList). Carries every problem found and the exit code
// the run should end with, which each of its errors is given. main() prints the diagnostics
// once. They are none when every problem was reported before (a report needs data that failed
// to load): the report fails, and nothing new is said.
class UserError : public std::runtime_error {
 public:
  UserError(ExitCode code, std::vector<Diagnostic> diagnostics);
  UserError(ExitCode code, SourceLocation where, const Text& message, const Text& hint = {});

  ExitCode code() const { return code_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  ExitCode code_;
  std::vector<Diagnostic> diagnostics_;
};

// The sink every stage writes its problems to, so that one run reports all of them; a stage
// returns, and its caller asks has_errors(). An identical problem at the same place is kept
// once; of the problems of one kind (the same message but for its quoted names and its
// numbers: "row has 3 fields, the header has 2" on every row of a file), the first
// `shown_per_kind` are kept, and one more diagnostic at the end counts the rest. Both take
// constant time per problem, however many there are, and the problems not shown cost a hash
// each.
class DiagnosticList {
 public:
  static constexpr std::size_t shown_per_kind = 100;

  // `per_kind`: how many problems of one kind are shown (a list that gathers lists already
  // capped takes every one of them).
  explicit DiagnosticList(std::size_t per_kind = shown_per_kind) : per_kind_(per_kind) {}

  void error(ExitCode code, SourceLocation where, const Text& message, const Text& hint = {});
  // An error of the list's stage, for a list thrown with throw_if_errors(code).
  void error(SourceLocation where, const Text& message, const Text& hint = {});
  void warning(SourceLocation where, const Text& message, const Text& hint = {});
  void add(Diagnostic d);
  // Every problem of a stage that stopped: its diagnostics with its exit code, or, when it has
  // none, an error reported before.
  void add(const UserError& e);
  // Every problem of another list (a part of a stage that kept its own), as if added here.
  void add(const DiagnosticList& other);
  // An error an earlier stage has reported (the data a placeholder reads failed to load): it
  // counts and calls for `code`, and is not said again.
  void reported_before(ExitCode code);

  bool has_errors() const { return errors_ > 0 || reported_before_; }
  int error_count() const { return errors_; }  // every error added, shown or not
  // The code the errors call for (Diagnostic::code); ok without errors.
  ExitCode exit_code() const { return code_; }
  // The kept diagnostics in order, then one per kind with problems not shown.
  std::vector<Diagnostic> all() const;
  std::vector<Diagnostic> errors() const;
  std::vector<Diagnostic> warnings() const;
  // The boundary of a stage: throws UserError(exit_code(), errors) when any error was recorded.
  void throw_if_errors() const;
  // Throws UserError(code, errors) when any error was recorded, whatever the errors call for.
  void throw_if_errors(ExitCode code) const;

 private:
  struct Kind {
    std::size_t shown = 0;
    std::size_t hidden = 0;
    Diagnostic first_hidden;  // where the problems not shown start
  };
  std::vector<Diagnostic> collect(bool errors, bool warnings) const;
  void count_error(ExitCode code);
  std::size_t per_kind_;
  std::vector<Diagnostic> items_;
  // Each problem's identity (severity, place, message) by its hash: the index + 1 of the kept
  // diagnostic, compared in full, or 0 for one not shown, whose hash alone is kept.
  std::unordered_map<std::size_t, std::size_t> seen_;
  std::unordered_map<std::string, Kind> kinds_;  // by severity and message shape
  std::vector<const std::string*> kind_order_;   // kinds in the order they first occurred
  int errors_ = 0;
  bool reported_before_ = false;
  ExitCode code_ = ExitCode::ok;
};

}  // namespace jb::core
