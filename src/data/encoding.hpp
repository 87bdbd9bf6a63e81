// data: the text encodings statistics offices save CSV in: UTF-8 (with or without BOM) and
// GB18030, of which GBK and GB 2312 are subsets (Excel's "CSV" on a Chinese Windows).
#pragma once

#include <string>
#include <string_view>

#include "spec/job_spec.hpp"

namespace jb::data {

// The file's bytes as UTF-8. `declared` detect: UTF-8 when valid, else GB18030 (and `note` says
// so, for the log). A file that is not valid in its declared encoding (or in either, when
// detected) throws UserError(data_error) at the line of the first bad byte.
std::string decode_text(std::string_view bytes, spec::Encoding declared, const std::string& file,
                        std::string* note);

}  // namespace jb::data
