// output: one run at a time per output folder (flock). A second run exits 75 at once, naming
// the process that holds the folder; a lock held by a process that died is released by the
// kernel with it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace jb::output {

class FolderLock {
 public:
  // Locks `folder/name` (creating the folder), writing our pid into it. Throws
  // core::UserError(busy) when another process holds it, cant_create when it cannot be made.
  FolderLock(const std::filesystem::path& folder, const std::string& name);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_ = -1;
};

// Removes the temporary files of write_atomically's in `folder` that a killed run of `scope`
// ("all", or "K-of-N" for a shard) left: only files named as write_atomically names them, only
// of this scope (a shard never touches another shard's, nor an unsharded run a shard's), and
// only those whose process is gone. Call it holding the scope's lock: with the lock, no other
// run of the scope is writing; with the pid, not even one in another pid namespace whose pid
// happens to be alive here. Anyone else's file, however named, is left alone. Returns how many
// were removed.
int remove_stale_temporaries(const std::filesystem::path& folder, std::string_view scope);

}  // namespace jb::output
