// core: the rules on the file name of a report's PDF, in one place. The spec's `output:`, each
// report's `each.output` (model) and the write itself (output, which alone knows the file
// system's limit) ask here; each caller words its own message, since it knows where the name
// came from.
#pragma once

#include <cstddef>
#include <string_view>

namespace jb::core {

// The first rule a name breaks, in the order check_report_file_name tries them.
enum class FileNameProblem {
  none,
  control_character,  // U+0000..U+001F or DEL: it would reach terminals, logs and shells raw
  not_plain,          // a path ('/' or '\\'), or hidden: starts with '.' (".", "..", and the output
                      // folder's own .jianbao.lock and .jianbao.tmp.* files)
  not_pdf,            // does not end in ".pdf" after at least one character
  too_long,           // more bytes than the file system takes in a name
};

// The longest file name when the file system cannot say (pathconf): 255 bytes on every common
// one (ext4, xfs, btrfs, tmpfs, NFS).
inline constexpr std::size_t fallback_name_max = 255;

// No limit on the length: the spec and the model cannot know the output folder's file system.
inline constexpr std::size_t any_length = static_cast<std::size_t>(-1);

// Whether a name of any file written into an output folder (a PDF, its audit trail, an
// exported chart, the manifest) fits the file system's `name_max` bytes.
bool fits_name_max(std::string_view name, std::size_t name_max);

// The first rule a report's file name breaks, or none.
FileNameProblem check_report_file_name(std::string_view name, std::size_t name_max = any_length);

}  // namespace jb::core
