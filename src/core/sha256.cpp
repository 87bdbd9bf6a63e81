#include "core/sha256.hpp"

#include <nettle/sha2.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <vector>

namespace jb::core {

namespace {
std::string hex_digest(sha256_ctx& ctx) {
  unsigned char digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char b : digest) {
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 15]);
  }
  return out;
}
}  // namespace

std::string sha256_bytes(std::string_view bytes) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
  return hex_digest(ctx);
}

std::string sha256_file(const std::filesystem::path& file) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(file.c_str(), "rb"),
                                                          &std::fclose);
  if (!f) throw std::runtime_error("cannot open " + file.string());
  sha256_ctx ctx;
  sha256_init(&ctx);
  std::vector<unsigned char> buffer(1 << 20);
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), f.get())) > 0)
    sha256_update(&ctx, n, buffer.data());
  if (std::ferror(f.get())) throw std::runtime_error("cannot read " + file.string());
  return hex_digest(ctx);
}

}  // namespace jb::core
