// libFuzzer target: jb::fuzz::pipeline (tests/fuzz/targets.hpp): a spec and its CSV files in one
// input, `SPEC\n%%csv\nCSV1\n%%csv\nCSV2...`, through every stage to PDF bytes in memory.
// Built and run by `make fuzz`.
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  jb::fuzz::pipeline({reinterpret_cast<const char*>(data), size});
  return 0;
}
