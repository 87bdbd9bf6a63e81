#include "spec/emphasis.hpp"

#include <vector>

#include "core/utf8.hpp"

namespace jb::spec {

namespace {

struct OpenSpan {
  char32_t mark = 0;  // '*' or '~'
  SourceLocation where;
};

// The messages of a span: each whole, for its marker ('**' bold, '~~' kai).
core::Text unmatched(char32_t mark) {
  return mark == U'*' ? core::say("unmatched '**': no '**' closes this bold span")
                      : core::say("unmatched '~~': no '~~' closes this kai span");
}

core::Text end_the_span(char32_t mark) {
  return mark == U'*' ? core::say(
                            "end the span with '**', or write \\*\\* (or \\~\\~) to print "
                            "the two characters")
                      : core::say(
                            "end the span with '~~', or write \\*\\* (or \\~\\~) to print "
                            "the two characters");
}

core::Text write_literally() {
  return core::say("write \\*\\* (or \\~\\~) to print the two characters");
}

core::Text not_taken(char32_t mark, const std::string& field, const core::Text& refusal) {
  return mark == U'*' ? core::say("'**' (bold) is not taken in '{}': {}", field, refusal.str())
                      : core::say("'~~' (kai) is not taken in '{}': {}", field, refusal.str());
}

// `mark` closes its span across the other kind's, opened at `inner`.
core::Text crossing(char32_t mark, const SourceLocation& inner) {
  return mark == U'*' ? core::say("'**' closes the bold span across the kai span opened at {}",
                                  core::to_string(inner))
                      : core::say("'~~' closes the kai span across the bold span opened at {}",
                                  core::to_string(inner));
}

core::Text nest(char32_t inner_mark) {
  return inner_mark == U'*' ? core::say("close '**' first: spans nest, as in **一是~~稳~~中有进**")
                            : core::say("close '~~' first: spans nest, as in **一是~~稳~~中有进**");
}

// Splits the template's segments at their markers, keeping each character's location.
class Splitter {
 public:
  Splitter(const EmphasisRules& rules, const std::string& field, core::DiagnosticList& diags)
      : rules_(rules), field_(field), diags_(diags) {}

  std::vector<TextSegment> run(const TextTemplate& t) {
    for (const TextSegment& s : t.segments) {
      if (s.is_placeholder) {
        out_.push_back(s);
        out_.back().emphasis = current_;
      } else {
        literal(s);
      }
    }
    for (const OpenSpan& open : open_)
      diags_.error(open.where, unmatched(open.mark), end_the_span(open.mark));
    return std::move(out_);
  }

 private:
  void literal(const TextSegment& s) {
    const auto text = core::decode_utf8(s.text);
    const bool located = text && s.chars.size() == text->size();
    if (!text ||
        (s.text.find("**") == std::string::npos && s.text.find("~~") == std::string::npos &&
         s.text.find('\\') == std::string::npos)) {
      out_.push_back(s);  // nothing to split: the segment as it is
      out_.back().emphasis = current_;
      return;
    }
    piece_ = TextSegment{false, {}, s.where, {}, current_};
    auto at = [&](std::size_t i) {
      return located ? SourceLocation{s.where.file, s.chars[i].first, s.chars[i].second} : s.where;
    };
    const std::u32string& u = *text;
    for (std::size_t i = 0; i < u.size(); ++i) {
      const bool pair = i + 1 < u.size() && u[i + 1] == u[i];
      if (u[i] == U'\\' && i + 1 < u.size() && (u[i + 1] == U'*' || u[i + 1] == U'~')) {
        ++i;  // the escaped character is kept, the backslash dropped
      } else if ((u[i] == U'*' || u[i] == U'~') && pair) {
        flush();
        toggle(u[i], at(i));
        piece_ = TextSegment{false, {}, s.where, {}, current_};
        ++i;
        continue;
      }
      piece_.text += core::encode_utf8(std::u32string(1, u[i]));
      if (located) piece_.chars.push_back(s.chars[i]);
    }
    flush();
  }

  void flush() {
    if (!piece_.text.empty()) out_.push_back(std::move(piece_));
    piece_ = {};
  }

  // Opens or closes the span of `mark` at `where`.
  void toggle(char32_t mark, const SourceLocation& where) {
    const bool taken = mark == U'*' ? rules_.bold : rules_.kai;
    if (!taken) {
      diags_.error(where, not_taken(mark, field_, rules_.refusal()), write_literally());
      return;
    }
    bool& on = mark == U'*' ? current_.bold : current_.kai;
    if (!on) {
      open_.push_back({mark, where});
      on = true;
      return;
    }
    if (open_.back().mark != mark) {  // crosses the other span: **a~~b**c~~
      const OpenSpan& inner = open_.back();
      diags_.error(where, crossing(mark, inner.where), nest(inner.mark));
      open_.erase(open_.begin());  // (the outer one) closed all the same: one message
    } else {
      open_.pop_back();
    }
    on = false;
  }

  const EmphasisRules& rules_;
  const std::string& field_;
  core::DiagnosticList& diags_;
  vocab::Emphasis current_;
  std::vector<OpenSpan> open_;
  std::vector<TextSegment> out_;
  TextSegment piece_;
};

}  // namespace

core::Text emphasis_refused() {
  return core::say("emphasis is read in paragraphs, list items and quotations only");
}

void split_emphasis(TextTemplate& t, const EmphasisRules& rules, const std::string& field,
                    core::DiagnosticList& diags) {
  t.segments = Splitter(rules, field, diags).run(t);
}

}  // namespace jb::spec
