// output: one run at a time per output folder (flock). A second run exits 75 at once, naming
// the process that holds the folder; a lock held by a process that died is released by the
// kernel with it.
#pragma once

#include <filesystem>
#include <string>
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

// Removes the temporary files a killed run left behind for `outputs` (".NAME.XXXXXX.tmp"
// beside each), or every such file when `outputs` is empty; only call with the folder locked.
// Returns how many were removed.
int remove_stale_temporaries(const std::filesystem::path& folder,
                             const std::vector<std::string>& outputs);

}  // namespace jb::output
