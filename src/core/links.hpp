// core: web addresses and e-mail addresses written in a text (https://…, www.…, name@host.cn),
// found the way a mail reader links them: sentence punctuation after one is not part of it. The
// model leaves their marks alone when it sets ASCII punctuation full-width; layout breaks
// their lines only where an address may break.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace jb::core {

enum class LinkKind { url, email };

struct LinkSpan {
  std::size_t begin = 0, end = 0;  // code points [begin, end)
  LinkKind kind = LinkKind::url;
};

// Every address in `text`, in order, none overlapping.
std::vector<LinkSpan> find_links(std::u32string_view text);

}  // namespace jb::core
