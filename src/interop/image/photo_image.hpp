#pragma once

// Clinical photographs as bytes: the type by content, metadata stripped, sizes checked, a
// thumbnail and a screen-sized copy made, and a follow-up photo aligned to its baseline.
// OpenCV (Debian's libopencv-dev) is private to photo_image.cpp: no OpenCV header leaves it.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace scarwise::interop {

enum class ImageFormat { kJpeg, kPng };
std::string_view ImageContentType(ImageFormat format);  // "image/jpeg" | "image/png"

// The type by the bytes, never by a name: JPEG or PNG. HEIC/HEIF and anything else is
// kInvalidArgument (field "photo") with a message that says what to do instead.
Result<ImageFormat> SniffImage(std::string_view bytes);

// The upload without its metadata, losslessly: JPEG keeps only the segments needed to show
// the picture (JFIF, ICC colour profile, Adobe colour transform, tables, frame, scan), so
// EXIF (camera, time, GPS position), XMP, IPTC and comments go; PNG keeps its critical and
// colour chunks, so eXIf and text chunks go. `orientation` is the EXIF orientation (1-8)
// the upload had (1 when none). kInvalidArgument (field "photo") for damaged data.
struct StrippedImage {
  std::string bytes;
  int orientation = 1;
  int64_t width = 0, height = 0;  // from the frame header, before any orientation
};
Result<StrippedImage> StripMetadata(std::string_view bytes, ImageFormat format);

struct PhotoLimits {
  int64_t max_bytes = 20LL * 1024 * 1024;
  int64_t max_pixels = 100'000'000;  // refuses a "pixel bomb" before decoding it
  int thumbnail_px = 320;            // the longer side
  int display_px = 1280;
};

// What is stored of an upload.
struct PreparedPhoto {
  ImageFormat format = ImageFormat::kJpeg;
  std::string original;  // the stripped upload (re-encoded upright when EXIF turned it)
  int64_t width = 0, height = 0;
  std::string thumbnail_jpeg;
  std::string display_jpeg;
};
// Sniffs, checks the size (kResourceExhausted, field "photo", past max_bytes), strips,
// decodes and scales. kInvalidArgument (field "photo") for what cannot be read.
Result<PreparedPhoto> PreparePhoto(std::string_view upload, const PhotoLimits& limits);

// A follow-up photo registered to the baseline of the same view: the similarity transform
// (rotation, uniform scale, shift) that maps the follow-up onto the baseline, found by ORB
// features, ratio-tested matches and RANSAC. When no trustworthy transform is found,
// `aligned` is false and `reason` says why (too little detail, too little overlap, an
// implausible transform: a different view); the photo is kept either way.
struct Alignment {
  bool aligned = false;
  std::string reason;
  double rotation_deg = 0, scale = 1, shift_x = 0, shift_y = 0;  // in the baseline's display pixels
  int matches = 0, inliers = 0;
  double error_before = 0, error_after = 0;  // mean absolute grey difference to the baseline (0-255)
  std::string aligned_jpeg;                  // the follow-up in the baseline's frame (when aligned)
};
Alignment AlignToBaseline(std::string_view baseline_jpeg, std::string_view followup_jpeg);

}  // namespace scarwise::interop
