// vocab: the document-wide options the spec sets and the model carries to layout and the
// renderers unchanged: the page design (preset), typography, type sizes, column alignment.
#pragma once

#include "core/diagnostic.hpp"
#include "vocab/emphasis.hpp"

namespace jb::vocab {

// The page design: `briefing` (the Ningbo demo's layout, the default) or `gbt9704` (the Chinese
// official-document format of GB/T 9704-2012: 22 lines of 28 characters, 版头 and 版记).
// `jianbao`: the briefing's pages under the 报头 of a 统计简报 (name, 期号, 编印单位 and date, a
// red rule), with the 报尾 (报、送、发, 共印N份) at the last page's foot.
enum class Preset { briefing, gbt9704, jianbao };

// Options of TYPOGRAPHY.md §1–§2.
struct TypographySpec {
  bool strict = false;                // B1 strict: —— also never starts a line
  double han_latin_gap_em = 0.25;     // W5: 0 (gbt9704) or 1/8 to 1/2
  bool trim_opening_bracket = true;   // W3: an opener starting a line drops its blank half
  BoldSpec bold;                      // the face of **bold** per role (unset: layout's default)
  bool normalize_punctuation = true;  // ASCII , . ; : ? ! ( ) in Chinese text set full-width
  core::SourceLocation where;
};

struct StyleSpec {
  double body_size_pt = 14.0;  // 四号
  double line_pitch_pt = 26.0;
  double title_size_pt = 22.0;  // 二号
  double subtitle_size_pt = 16.0;
  double heading_size_pt = 16.0;
  double subheading_size_pt = 14.0;
  double table_size_pt = 12.0;
  double caption_size_pt = 12.0;
  double note_size_pt = 10.5;
  double page_number_size_pt = 14.0;
  double tracking_pt = 0.0;  // added to every character's advance (gbt9704: −0.207, 28 per line)
};

// A table column's alignment.
enum class Align { left, center, right };

// Which way a table's pages are turned: `automatic` turns a table to a landscape page only when
// its columns do not fit the portrait type area; `portrait` never turns it.
enum class Orientation { automatic, portrait, landscape };

}  // namespace jb::vocab
