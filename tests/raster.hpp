// tests: grey images of pages and glyphs. Pages come from the real PDF (pdftoppm or
// pdftocairo); reference glyphs are drawn straight from the font file with cairo-ft at the same
// size and position.
#pragma once

#include <cairo-ft.h>
#include <cairo.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace jb::test {

// Ink coverage per pixel (0 white .. 255 black).
struct Image {
  int width = 0, height = 0;
  std::vector<unsigned char> ink;
  int at(int x, int y) const {
    return x < 0 || y < 0 || x >= width || y >= height
               ? 0
               : ink[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                     static_cast<std::size_t>(x)];
  }
};

inline Image from_surface(cairo_surface_t* s) {
  Image img;
  cairo_surface_flush(s);
  img.width = cairo_image_surface_get_width(s);
  img.height = cairo_image_surface_get_height(s);
  const int stride = cairo_image_surface_get_stride(s);
  const unsigned char* data = cairo_image_surface_get_data(s);
  const auto format = cairo_image_surface_get_format(s);
  img.ink.reserve(static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height));
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x)
      img.ink.push_back(format == CAIRO_FORMAT_A8
                            ? data[y * stride + x]
                            : static_cast<unsigned char>(255 - data[y * stride + x * 4 + 1]));
  return img;
}

inline Image load_png(const std::filesystem::path& p) {
  cairo_surface_t* s = cairo_image_surface_create_from_png(p.c_str());
  Image img;
  if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) img = from_surface(s);
  cairo_surface_destroy(s);
  return img;
}

inline void write_png(const Image& img, const std::filesystem::path& p) {
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, img.width, img.height);
  unsigned char* data = cairo_image_surface_get_data(s);
  const int stride = cairo_image_surface_get_stride(s);
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x) {
      const auto grey = static_cast<unsigned char>(255 - img.at(x, y));
      unsigned char* px = data + y * stride + x * 4;
      px[0] = px[1] = px[2] = grey;
    }
  cairo_surface_mark_dirty(s);
  cairo_surface_write_to_png(s, p.c_str());
  cairo_surface_destroy(s);
}

// A binary PGM (P5, 8 bit), as `pdftoppm -gray` writes it: much faster than PNG for big pages.
inline Image load_pgm(const std::filesystem::path& p) {
  Image img;
  std::ifstream in(p, std::ios::binary);
  std::string magic;
  int maxval = 0;
  if (!(in >> magic >> img.width >> img.height >> maxval) || magic != "P5" || maxval != 255)
    return {};
  in.get();
  img.ink.resize(static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height));
  in.read(reinterpret_cast<char*>(img.ink.data()), static_cast<std::streamsize>(img.ink.size()));
  if (!in) return {};
  for (auto& v : img.ink) v = static_cast<unsigned char>(255 - v);
  return img;
}

struct PlacedGlyph {
  unsigned long index = 0;  // glyph id in the face
  double x = 0, y = 0;      // pen position in pixels, y down
};

// A cairo-ft font face that owns its FreeType face. Cairo caches font faces by FT_Face address:
// a face freed while cairo still caches it and a new face at the same address would draw in the
// old font. Here cairo frees the face itself when it drops the font face.
class CairoFont {
 public:
  explicit CairoFont(const std::filesystem::path& file) {
    static FT_Library library = [] {
      FT_Library l = nullptr;
      FT_Init_FreeType(&l);
      return l;
    }();
    FT_Face face = nullptr;
    if (FT_New_Face(library, file.c_str(), 0, &face)) return;
    face_ = cairo_ft_font_face_create_for_ft_face(face, 0);
    static cairo_user_data_key_t key;
    cairo_font_face_set_user_data(face_, &key, face,
                                  [](void* f) { FT_Done_Face(static_cast<FT_Face>(f)); });
  }
  ~CairoFont() {
    if (face_) cairo_font_face_destroy(face_);
  }
  CairoFont(const CairoFont&) = delete;
  CairoFont& operator=(const CairoFont&) = delete;
  cairo_font_face_t* get() const { return face_; }

 private:
  cairo_font_face_t* face_ = nullptr;
};

// Draws glyphs of `font` at `size_px` on a white image, unhinted, greyscale antialiased: what
// poppler does with an embedded TrueType font.
inline Image draw_glyphs(const CairoFont& font, double size_px, int width, int height,
                         const std::vector<PlacedGlyph>& glyphs) {
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_A8, width, height);
  cairo_t* cr = cairo_create(s);
  cairo_set_font_face(cr, font.get());
  cairo_set_font_size(cr, size_px);
  cairo_font_options_t* o = cairo_font_options_create();
  cairo_font_options_set_antialias(o, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style(o, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(o, CAIRO_HINT_METRICS_OFF);
  cairo_set_font_options(cr, o);
  std::vector<cairo_glyph_t> cg;
  for (const auto& g : glyphs) cg.push_back({g.index, g.x, g.y});
  cairo_show_glyphs(cr, cg.data(), static_cast<int>(cg.size()));
  Image img = from_surface(s);
  cairo_font_options_destroy(o);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
  return img;
}

// How far the region [x0, x1) x [y0, y1) of two images differs: the summed absolute
// difference and the reference's summed ink, both in pixels of full ink.
struct RegionDiff {
  double diff = 0, ink = 0;
};
inline RegionDiff compare_region(const Image& actual, const Image& reference, int x0, int y0,
                                 int x1, int y1) {
  RegionDiff d;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      d.diff += std::abs(actual.at(x, y) - reference.at(x, y)) / 255.0;
      d.ink += reference.at(x, y) / 255.0;
    }
  return d;
}

}  // namespace jb::test
