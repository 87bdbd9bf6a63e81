#include "vocab/font_role.hpp"

namespace jb::vocab {

namespace {

struct RoleInfo {
  FontRole role;
  const char* name;
  std::span<const FontRole> fallback;
};
using R = FontRole;
constexpr R song_chain[] = {R::hei, R::kai, R::fang};
constexpr R hei_chain[] = {R::song, R::kai, R::fang};
constexpr R hei_bold_chain[] = {R::hei, R::song, R::kai, R::fang};
constexpr R kai_chain[] = {R::song, R::hei, R::fang};
constexpr R fang_chain[] = {R::song, R::hei, R::kai};
constexpr R latin_bold_chain[] = {R::latin};
constexpr R latin_sans_bold_chain[] = {R::latin_sans};
constexpr RoleInfo roles[] = {
    {R::song, "song", song_chain},
    {R::hei, "hei", hei_chain},
    {R::hei_bold, "hei_bold", hei_bold_chain},
    {R::kai, "kai", kai_chain},
    {R::fang, "fang", fang_chain},
    {R::latin, "latin", {}},
    {R::latin_bold, "latin_bold", latin_bold_chain},
    {R::latin_sans, "latin_sans", {}},
    {R::latin_sans_bold, "latin_sans_bold", latin_sans_bold_chain},
};
const RoleInfo& info(FontRole role) {
  for (const RoleInfo& r : roles)
    if (r.role == role) return r;
  return roles[0];
}

}  // namespace

const char* font_role_name(FontRole role) { return info(role).name; }

std::optional<FontRole> font_role_from_name(std::string_view name) {
  for (const RoleInfo& r : roles)
    if (name == r.name) return r.role;
  return std::nullopt;
}

std::span<const FontRole> default_fallback(FontRole role) { return info(role).fallback; }

}  // namespace jb::vocab
