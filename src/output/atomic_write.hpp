// output: writing a file so that readers see the old content or the whole new one, never a
// partial file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace jb::output {

// Which run's a temporary file is: the process that made it and the folder lock that covered
// it ("all" for an unsharded run's .jianbao.lock, "K-of-N" for shard K of N's).
struct TemporaryOwner {
  long pid = 0;
  std::string scope;
};

// Writes `bytes` to a temporary file in the target's folder, fsyncs it, renames it over
// `path` and fsyncs the folder. On failure the temporary file is removed and `path` is left
// as it was (or, when only the folder's fsync failed, is the whole new file). The temporary is
// named ".jianbao.tmp.PID.SCOPE.XXXXXX.NAME", a name no other program's file has, so that a later
// run can tell a killed run's leftovers from anything else (remove_stale_temporaries).
// Interrupted calls (EINTR) are retried. Throws core::UserError: cant_create when the folder or
// file cannot be created (a name longer than the file system allows, too), io_error when
// writing fails part-way (disk full, an I/O error, a quota).
void write_atomically(const std::filesystem::path& path, std::string_view bytes,
                      std::string_view scope = "all");

// The owner a file name says a temporary of write_atomically's has; nullopt for any other name.
std::optional<TemporaryOwner> temporary_owner(std::string_view file_name);

}  // namespace jb::output
