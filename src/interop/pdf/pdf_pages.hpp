#pragma once

// The one way Scarwise writes a PDF (private to interop/pdf): an A4 document laid out top to
// bottom in blocks of pango markup, a new page when a block would not fit, with room reserved
// for a drawing where one is needed. The handout, the signed consent and the course summary
// are each a sequence of Block calls.
//
//   PdfPages pages("Aftercare after your session", 56);
//   pages.Block("<b>" + EscapedMarkup(name) + "</b>", "DejaVu Sans 16", 2);
//   return pages.Finish("handout");

#include <string>
#include <string_view>

#include "common/result.hpp"

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;
typedef struct _PangoLayout PangoLayout;

namespace scarwise::interop {

// `text` with pango markup's special characters escaped.
std::string EscapedMarkup(std::string_view text);

class PdfPages {
 public:
  // A document titled `title` (its metadata) with `margin` points on every side.
  PdfPages(const std::string& title, double margin);
  ~PdfPages();
  PdfPages(const PdfPages&) = delete;
  PdfPages& operator=(const PdfPages&) = delete;

  // One block of markup in `font` ("DejaVu Sans 10"), `indent` points in from the margin,
  // then `space_after` points of space.
  void Block(const std::string& markup, const char* font, double space_after, double indent = 0);
  // Room for a drawing of `height` points (a new page when it would not fit): its top.
  double Reserve(double height);
  // Where a drawing is made, and the left margin to draw from.
  cairo_t* Canvas() { return cr_; }
  double Left() const { return margin_; }

  // The finished file's bytes; kInternal ("the <what> could not be rendered") when cairo fails.
  Result<std::string> Finish(std::string_view what);

 private:
  std::string pdf_;
  double margin_;
  cairo_surface_t* surface_;
  cairo_t* cr_;
  PangoLayout* layout_;
  double y_;
};

}  // namespace scarwise::interop
