// layout (internal): shaping a text: a font for each character, its advance and its place in
// its cell by the rules of TYPOGRAPHY.md §2 (W1 ？！ sharing a cell, W2 marks sharing a blank
// side, W5 the Han–Latin gap, F3 marks placed in their cells), and where its lines may break.
// A character that cannot be set is reported at that character.
#pragma once

#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/provenance.hpp"
#include "layout/font_choice.hpp"
#include "layout/line_breaker.hpp"
#include "layout/page_layout.hpp"
#include "layout/text_measurer.hpp"

namespace jb::layout::detail {

constexpr Rgb black{0, 0, 0};
// A footnote's marker (①) is set this much smaller than its text and raised by footnote_rise
// of the text's em, its top near the top of the ideographs.
constexpr double footnote_scale = 0.6;
constexpr double footnote_rise = 0.36;

struct TextStyle {
  vocab::FontRole cjk = vocab::FontRole::song;
  vocab::FontRole latin = vocab::FontRole::latin;
  double size_pt = 12;
  Rgb color = black;
  double tracking_pt = 0;  // added to every CJK character's cell (the gbt9704 grid)
};

// Where a piece of text came from: its block, and where known each character's own origin.
struct Origin {
  const core::SourceLocation& where;
  const core::Provenance* chars = nullptr;
  std::string context = {};  // e.g. "in column '企业'"
  // The emphasis of each character (prose): bold and kai spans; none when null or shorter.
  const std::vector<vocab::Emphasis>* emphasis = nullptr;
};

// Text shaped once (fonts, advances, break opportunities), set at any width.
struct Shaped {
  std::vector<ShapedGlyph> glyphs;
  std::vector<bool> breaks;
};

class Shaper {
 public:
  // Problems go to `problems`; the document's typography decides the Han–Latin gap and whether
  // —— may start a line.
  Shaper(const TextMeasurer& m, const vocab::TypographySpec& typography,
         core::DiagnosticList& problems)
      : m_(m), typography_(typography), problems_(problems) {}

  Shaped shape(const std::string& utf8, const TextStyle& ts, const Origin& o) const;
  // The first text with a long word left unhyphenated for want of a dictionary.
  const std::optional<core::SourceLocation>& unhyphenated() const { return unhyphenated_; }

 private:
  std::vector<ShapedGlyph> glyphs(const std::string& utf8, const TextStyle& ts,
                                  const Origin& o) const;
  // The glyph of character `c`, placed in its cell (F3) and on the grid; nullopt (reported) when
  // no font has it.
  std::optional<ShapedGlyph> glyph(char32_t c, std::size_t index, const TextStyle& ts,
                                   const Origin& o) const;
  std::pair<FontPair, double> face_of(std::size_t index, const TextStyle& ts, const Origin& o,
                                      bool latin) const;
  std::optional<ShapedGlyph> footnote_marker(char32_t c, std::size_t index, const TextStyle& ts,
                                             const Origin& o) const;
  // W5, W1 and W2 between glyph `g` and the one before it, `p`.
  void fit_to_previous(ShapedGlyph& p, ShapedGlyph& g, const TextStyle& ts) const;
  void hyphenation(const std::u32string& text, double em, const Origin& o,
                   std::vector<ShapedGlyph>& gs) const;
  void character_error(const Origin& o, std::size_t index, const core::Text& message,
                       const core::Text& hint) const;

  const TextMeasurer& m_;
  const vocab::TypographySpec& typography_;
  core::DiagnosticList& problems_;
  mutable std::optional<core::SourceLocation> unhyphenated_;
};

}  // namespace jb::layout::detail
