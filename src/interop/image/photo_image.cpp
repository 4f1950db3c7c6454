// Photographs with OpenCV (imgcodecs, imgproc, features2d, calib3d): the only file that
// includes its headers (interop/image/photo_image.hpp says what it does).
#include "interop/image/photo_image.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace scarwise::interop {
namespace {

Error Damaged(const std::string& what) {
  return InvalidArgument("photo", "the image cannot be read (" + what + "): send the photo again as JPEG or PNG");
}

uint32_t Big16(std::string_view b, size_t at) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(b[at])) << 8) | static_cast<unsigned char>(b[at + 1]);
}
uint32_t Big32(std::string_view b, size_t at) {
  return (Big16(b, at) << 16) | Big16(b, at + 2);
}

// The orientation tag (0x0112) of an APP1 Exif segment's first IFD; 1 when absent or unreadable.
int ExifOrientation(std::string_view app1) {
  if (app1.size() < 14 || app1.substr(0, 6) != std::string_view("Exif\0\0", 6)) return 1;
  const std::string_view tiff = app1.substr(6);
  const bool little = tiff.substr(0, 2) == "II";
  if (!little && tiff.substr(0, 2) != "MM") return 1;
  const auto u16 = [&](size_t at) -> uint32_t {
    if (at + 2 > tiff.size()) return 0;
    const auto a = static_cast<unsigned char>(tiff[at]), b = static_cast<unsigned char>(tiff[at + 1]);
    return little ? (static_cast<uint32_t>(b) << 8 | a) : (static_cast<uint32_t>(a) << 8 | b);
  };
  const auto u32 = [&](size_t at) -> uint32_t {
    return little ? (u16(at + 2) << 16 | u16(at)) : (u16(at) << 16 | u16(at + 2));
  };
  const uint32_t ifd = u32(4);
  if (ifd + 2 > tiff.size()) return 1;
  const uint32_t entries = u16(ifd);
  for (uint32_t i = 0; i < entries && i < 512; ++i) {
    const size_t entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.size()) break;
    if (u16(entry) == 0x0112) {
      const uint32_t value = u16(entry + 8);
      return value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
    }
  }
  return 1;
}

Result<StrippedImage> StripJpeg(std::string_view b) {
  StrippedImage out;
  out.bytes.reserve(b.size());
  out.bytes.append(b.substr(0, 2));  // SOI
  size_t at = 2;
  while (true) {
    if (at >= b.size() || static_cast<unsigned char>(b[at]) != 0xFF) return Unexpected(Damaged("no JPEG marker"));
    while (at < b.size() && static_cast<unsigned char>(b[at]) == 0xFF) ++at;  // fill bytes
    if (at >= b.size()) return Unexpected(Damaged("truncated"));
    const auto marker = static_cast<unsigned char>(b[at]);
    ++at;
    if (marker == 0xD9) {  // EOI before any scan
      return Unexpected(Damaged("no image data"));
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // no length
    if (at + 2 > b.size()) return Unexpected(Damaged("truncated"));
    const uint32_t length = Big16(b, at);
    if (length < 2 || at + length > b.size()) return Unexpected(Damaged("a segment runs past the end"));
    const std::string_view payload = b.substr(at + 2, length - 2);
    const std::string_view segment = b.substr(at - 2, length + 2);  // FF, marker, length, payload
    at += length;
    bool keep = true;
    if (marker == 0xE1) {
      if (const int orientation = ExifOrientation(payload); orientation != 1) out.orientation = orientation;
      keep = false;  // EXIF (camera, time, GPS) and XMP
    } else if (marker == 0xE2) {
      keep = payload.substr(0, 12) == std::string_view("ICC_PROFILE\0", 12);  // colours, not personal data
    } else if (marker == 0xEE) {
      keep = payload.substr(0, 5) == "Adobe";  // how the colours were stored
    } else if ((marker >= 0xE3 && marker <= 0xEF) || marker == 0xFE) {
      keep = false;  // APP3-APP15 (IPTC, maker notes...) and comments
    }
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
      if (payload.size() < 5) return Unexpected(Damaged("a short frame header"));
      out.height = Big16(payload, 1);
      out.width = Big16(payload, 3);
    }
    if (keep) out.bytes.append(segment);
    if (marker == 0xDA) {  // start of scan: the image data and everything after it, as it is
      out.bytes.append(b.substr(at));
      break;
    }
  }
  if (out.width <= 0 || out.height <= 0) return Unexpected(Damaged("no frame size"));
  return out;
}

Result<StrippedImage> StripPng(std::string_view b) {
  static constexpr std::string_view kKept[] = {"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA",
                                               "cHRM", "sRGB", "iCCP", "sBIT", "bKGD", "pHYs"};
  StrippedImage out;
  out.bytes.append(b.substr(0, 8));
  size_t at = 8;
  bool ended = false;
  while (!ended) {
    if (at + 12 > b.size()) return Unexpected(Damaged("truncated"));
    const uint32_t length = Big32(b, at);
    if (length > b.size() || at + 12 + length > b.size()) return Unexpected(Damaged("a chunk runs past the end"));
    const std::string_view type = b.substr(at + 4, 4);
    if (type == "IHDR") {
      if (length < 8) return Unexpected(Damaged("a short header"));
      out.width = Big32(b, at + 8);
      out.height = Big32(b, at + 12);
    }
    ended = type == "IEND";
    if (std::find(std::begin(kKept), std::end(kKept), type) != std::end(kKept)) {
      out.bytes.append(b.substr(at, 12 + length));
    }
    at += 12 + length;
  }
  if (out.width <= 0 || out.height <= 0) return Unexpected(Damaged("no image size"));
  return out;
}

// The upright picture of one with EXIF orientation `orientation`.
void Orient(cv::Mat& image, int orientation) {
  switch (orientation) {
    case 2:
      cv::flip(image, image, 1);
      break;
    case 3:
      cv::rotate(image, image, cv::ROTATE_180);
      break;
    case 4:
      cv::flip(image, image, 0);
      break;
    case 5:
      cv::transpose(image, image);
      break;
    case 6:
      cv::rotate(image, image, cv::ROTATE_90_CLOCKWISE);
      break;
    case 7:
      cv::transpose(image, image), cv::flip(image, image, -1);
      break;
    case 8:
      cv::rotate(image, image, cv::ROTATE_90_COUNTERCLOCKWISE);
      break;
    default:
      break;
  }
}

cv::Mat Scaled(const cv::Mat& image, int longest) {
  const int side = std::max(image.cols, image.rows);
  if (side <= longest) return image;
  const double f = static_cast<double>(longest) / side;
  cv::Mat out;
  cv::resize(image, out,
             cv::Size(std::max(1, static_cast<int>(std::lround(image.cols * f))),
                      std::max(1, static_cast<int>(std::lround(image.rows * f)))),
             0, 0, cv::INTER_AREA);
  return out;
}

std::string Jpeg(const cv::Mat& image, int quality) {
  std::vector<uchar> buffer;
  cv::imencode(".jpg", image, buffer, {cv::IMWRITE_JPEG_QUALITY, quality});
  return std::string(buffer.begin(), buffer.end());
}

cv::Mat Decode(std::string_view bytes, int flags) {
  const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
  return cv::imdecode(raw, flags | cv::IMREAD_IGNORE_ORIENTATION);
}

}  // namespace

std::string_view ImageContentType(ImageFormat format) {
  return format == ImageFormat::kPng ? "image/png" : "image/jpeg";
}

Result<ImageFormat> SniffImage(std::string_view b) {
  if (b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF") return ImageFormat::kJpeg;
  if (b.size() >= 8 && b.substr(0, 8) == "\x89PNG\r\n\x1a\n") return ImageFormat::kPng;
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp") {
    const std::string_view brand = b.substr(8, 4);
    for (std::string_view heic : {"heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif"}) {
      if (brand == heic) {
        return Unexpected(
            InvalidArgument("photo",
                            "HEIC/HEIF photos (the iPhone's default) are not supported: choose JPEG "
                            "(Settings > Camera > Formats > Most Compatible) or export the photo as JPEG"));
      }
    }
  }
  return Unexpected(InvalidArgument("photo", "not a JPEG or PNG image (the type is read from the content)"));
}

Result<StrippedImage> StripMetadata(std::string_view bytes, ImageFormat format) {
  return format == ImageFormat::kPng ? StripPng(bytes) : StripJpeg(bytes);
}

Result<PreparedPhoto> PreparePhoto(std::string_view upload, const PhotoLimits& limits) {
  if (static_cast<int64_t>(upload.size()) > limits.max_bytes) {
    return Unexpected(ResourceExhausted(
        "photo", "the photo is larger than " + std::to_string(limits.max_bytes / (1024 * 1024)) + " MB"));
  }
  SCARWISE_ASSIGN_OR_RETURN(const ImageFormat format, SniffImage(upload));
  SCARWISE_ASSIGN_OR_RETURN(StrippedImage stripped, StripMetadata(upload, format));
  if (stripped.width * stripped.height > limits.max_pixels) {
    return Unexpected(InvalidArgument(
        "photo", "the photo has more than " + std::to_string(limits.max_pixels / 1'000'000) + " megapixels"));
  }
  // Decode only as much as the display copy needs (JPEG scales while decoding).
  int flags = cv::IMREAD_COLOR;
  const int64_t longest = std::max(stripped.width, stripped.height);
  if (format == ImageFormat::kJpeg) {
    if (longest >= 8 * limits.display_px) {
      flags = cv::IMREAD_REDUCED_COLOR_8;
    } else if (longest >= 4 * limits.display_px) {
      flags = cv::IMREAD_REDUCED_COLOR_4;
    } else if (longest >= 2 * limits.display_px) {
      flags = cv::IMREAD_REDUCED_COLOR_2;
    }
  }
  cv::Mat image;
  try {
    image = Decode(stripped.bytes, flags);
  } catch (const cv::Exception&) {
    image.release();
  }
  if (image.empty()) return Unexpected(Damaged("the picture data is damaged"));
  PreparedPhoto photo;
  photo.format = format;
  photo.width = stripped.width;
  photo.height = stripped.height;
  Orient(image, stripped.orientation);
  if (stripped.orientation >= 5) std::swap(photo.width, photo.height);
  if (stripped.orientation != 1) {
    // Without its EXIF the picture would show turned: store it upright instead.
    cv::Mat full = Decode(stripped.bytes, cv::IMREAD_COLOR);
    if (full.empty()) return Unexpected(Damaged("the picture data is damaged"));
    Orient(full, stripped.orientation);
    photo.original = Jpeg(full, 95);
    photo.format = ImageFormat::kJpeg;
  } else {
    photo.original = std::move(stripped.bytes);
  }
  const cv::Mat display = Scaled(image, limits.display_px);
  photo.display_jpeg = Jpeg(display, 88);
  photo.thumbnail_jpeg = Jpeg(Scaled(display, limits.thumbnail_px), 80);
  return photo;
}

Alignment AlignToBaseline(std::string_view baseline_jpeg, std::string_view followup_jpeg) {
  Alignment out;
  constexpr int kMinKeypoints = 40, kMinInliers = 15;
  const cv::Mat base = Decode(baseline_jpeg, cv::IMREAD_GRAYSCALE);
  const cv::Mat follow_color = Decode(followup_jpeg, cv::IMREAD_COLOR);
  if (base.empty() || follow_color.empty()) {
    out.reason = "a photo could not be read";
    return out;
  }
  cv::Mat follow;
  cv::cvtColor(follow_color, follow, cv::COLOR_BGR2GRAY);
  // The error before: the follow-up as it is, stretched onto the baseline's frame.
  cv::Mat follow_resized;
  cv::resize(follow, follow_resized, base.size(), 0, 0, cv::INTER_AREA);
  {
    cv::Mat difference;
    cv::absdiff(follow_resized, base, difference);
    out.error_before = cv::mean(difference)[0];
  }

  cv::Ptr<cv::ORB> orb = cv::ORB::create(4000);
  std::vector<cv::KeyPoint> base_points, follow_points;
  cv::Mat base_descriptors, follow_descriptors;
  orb->detectAndCompute(base, cv::noArray(), base_points, base_descriptors);
  orb->detectAndCompute(follow, cv::noArray(), follow_points, follow_descriptors);
  if (static_cast<int>(base_points.size()) < kMinKeypoints) {
    out.reason =
        "the baseline photo has too little detail to align to (" + std::to_string(base_points.size()) + " features)";
    return out;
  }
  if (static_cast<int>(follow_points.size()) < kMinKeypoints) {
    out.reason = "the photo has too little detail to align (" + std::to_string(follow_points.size()) +
                 " features): is it blank, dark or out of focus?";
    return out;
  }
  cv::BFMatcher matcher(cv::NORM_HAMMING);
  std::vector<std::vector<cv::DMatch>> pairs;
  matcher.knnMatch(follow_descriptors, base_descriptors, pairs, 2);
  std::vector<cv::Point2f> from, to;
  for (const auto& pair : pairs) {
    if (pair.size() == 2 && pair[0].distance < 0.75f * pair[1].distance) {
      from.push_back(follow_points[static_cast<size_t>(pair[0].queryIdx)].pt);
      to.push_back(base_points[static_cast<size_t>(pair[0].trainIdx)].pt);
    }
  }
  out.matches = static_cast<int>(from.size());
  if (out.matches < kMinInliers) {
    out.reason = "too little overlap with the baseline (" + std::to_string(out.matches) +
                 " matching features): is it the same view?";
    return out;
  }
  std::vector<uchar> inlier_mask;
  const cv::Mat transform = cv::estimateAffinePartial2D(from, to, inlier_mask, cv::RANSAC, 3.0, 5000, 0.995, 20);
  out.inliers = static_cast<int>(std::count(inlier_mask.begin(), inlier_mask.end(), uchar{1}));
  if (transform.empty() || out.inliers < kMinInliers || out.inliers * 4 < out.matches) {
    out.reason = "no consistent match with the baseline (" + std::to_string(out.inliers) + " of " +
                 std::to_string(out.matches) + " features agree): too little overlap or a different view";
    return out;
  }
  const double a = transform.at<double>(0, 0), b = transform.at<double>(1, 0);
  out.scale = std::hypot(a, b);
  out.rotation_deg = std::atan2(b, a) * 180.0 / CV_PI;
  out.shift_x = transform.at<double>(0, 2);
  out.shift_y = transform.at<double>(1, 2);
  if (out.scale < 0.5 || out.scale > 2.0 || std::abs(out.rotation_deg) > 45) {
    out.reason = "the match would need an implausible turn or zoom (rotation " +
                 std::to_string(static_cast<int>(std::lround(out.rotation_deg))) + "°, scale " +
                 std::to_string(static_cast<int>(std::lround(out.scale * 100))) + " %): a different view?";
    return out;
  }
  cv::Mat aligned, aligned_grey, valid;
  cv::warpAffine(follow_color, aligned, transform, base.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  cv::warpAffine(cv::Mat(follow.size(), CV_8UC1, cv::Scalar(255)), valid, transform, base.size(), cv::INTER_NEAREST,
                 cv::BORDER_CONSTANT);
  cv::cvtColor(aligned, aligned_grey, cv::COLOR_BGR2GRAY);
  cv::Mat difference;
  cv::absdiff(aligned_grey, base, difference);
  out.error_after = cv::mean(difference, valid)[0];
  out.aligned = true;
  out.aligned_jpeg = Jpeg(aligned, 88);
  return out;
}

}  // namespace scarwise::interop
