// libFuzzer target: jb::fuzz::expression (tests/fuzz/targets.hpp). Built and run by `make fuzz`.
#include <cstddef>
#include <cstdint>

#include "fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  jb::fuzz::expression({reinterpret_cast<const char*>(data), size});
  return 0;
}
