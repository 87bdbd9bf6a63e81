// model (internal): the data's own 注 rows as the notes of a table (注：1.… 2.…).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace jb::model::detail {

// A row at the foot of a data table as the notes print it: without the 注： and the number it
// may start with (注：1. …, 2、…, （3）…), which the notes set themselves; `source` for a
// 资料来源 or 说明 row, printed as written after the numbered notes.
struct DataNote {
  std::string text;
  std::size_t dropped = 0;  // code points taken off the front
  bool source = false;
};
DataNote data_note(const std::string& row);

}  // namespace jb::model::detail
