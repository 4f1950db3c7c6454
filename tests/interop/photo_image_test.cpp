// Photographs (issue 22): the type by content (HEIC refused with what to do), metadata
// stripped losslessly, sizes bounded, thumbnails made, and alignment of a follow-up to its
// baseline on synthetic face-like images turned, scaled and shifted by known amounts.
// The test draws with OpenCV itself; src/ keeps OpenCV inside interop/image/photo_image.cpp.
#include "interop/image/photo_image.hpp"

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace scarwise::interop {
namespace {

// A face-like picture: a skin-toned oval with eyes, brows, nose and mouth on a textured
// background, and small marks (like scars) scattered over the face, from `seed`.
cv::Mat FaceLike(unsigned seed, cv::Size size = {1280, 960}) {
  std::mt19937 random(seed);
  cv::Mat image(size, CV_8UC3, cv::Scalar(205, 200, 195));
  cv::Mat noise(size, CV_8UC3);
  cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(18));
  cv::GaussianBlur(noise, noise, {0, 0}, 2.0);
  image += noise;
  const cv::Point center(size.width / 2, size.height / 2);
  cv::ellipse(image, center, {size.width / 5, size.height / 3}, 0, 0, 360, cv::Scalar(140, 170, 215), cv::FILLED);
  for (int side : {-1, 1}) {
    const cv::Point eye(center.x + side * size.width / 12, center.y - size.height / 12);
    cv::ellipse(image, eye, {38, 16}, 0, 0, 360, cv::Scalar(60, 50, 40), cv::FILLED);
    cv::circle(image, eye, 9, cv::Scalar(10, 10, 10), cv::FILLED);
    cv::line(image, eye + cv::Point(-45, -40), eye + cv::Point(45, -48), cv::Scalar(40, 50, 70), 9);
  }
  cv::line(image, center + cv::Point(0, -20), center + cv::Point(-18, 70), cv::Scalar(90, 110, 160), 6);
  cv::ellipse(image, center + cv::Point(0, 150), {70, 22}, 0, 0, 180, cv::Scalar(70, 70, 150), 7);
  std::uniform_int_distribution<int> x(center.x - size.width / 5, center.x + size.width / 5);
  std::uniform_int_distribution<int> y(center.y - size.height / 3, center.y + size.height / 3);
  std::uniform_int_distribution<int> radius(2, 7), shade(60, 130);
  for (int i = 0; i < 900; ++i) {
    const int s = shade(random);
    cv::circle(image, {x(random), y(random)}, radius(random), cv::Scalar(s, s + 10, s + 40), cv::FILLED);
  }
  std::uniform_int_distribution<int> anywhere_x(0, size.width - 1), anywhere_y(0, size.height - 1);
  for (int i = 0; i < 300; ++i) {
    const cv::Point p(anywhere_x(random), anywhere_y(random));
    cv::rectangle(image, p, p + cv::Point(radius(random) * 2, radius(random) * 2), cv::Scalar::all(shade(random)),
                  cv::FILLED);
  }
  return image;
}

std::string Encode(const cv::Mat& image, const char* ext = ".jpg") {
  std::vector<uchar> bytes;
  cv::imencode(ext, image, bytes, {cv::IMWRITE_JPEG_QUALITY, 92});
  return std::string(bytes.begin(), bytes.end());
}

// The baseline turned by `degrees`, scaled and shifted: the follow-up of a session.
cv::Mat Moved(const cv::Mat& baseline, double degrees, double scale, cv::Point2d shift, cv::Mat& transform) {
  transform = cv::getRotationMatrix2D(
      cv::Point2f(static_cast<float>(baseline.cols) / 2, static_cast<float>(baseline.rows) / 2), degrees, scale);
  transform.at<double>(0, 2) += shift.x;
  transform.at<double>(1, 2) += shift.y;
  cv::Mat moved;
  cv::warpAffine(baseline, moved, transform, baseline.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                 cv::Scalar(205, 200, 195));
  return moved;
}

TEST(PhotoImage, TheTypeIsReadFromTheContent) {
  EXPECT_EQ(*SniffImage(Encode(FaceLike(1, {64, 48}))), ImageFormat::kJpeg);
  EXPECT_EQ(*SniffImage(Encode(FaceLike(1, {64, 48}), ".png")), ImageFormat::kPng);
  const std::string heic = std::string("\0\0\0\x18", 4) + "ftypheic" + std::string(20, '\0');
  const auto refused = SniffImage(heic);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "photo");
  EXPECT_NE(refused.error().message.find("HEIC"), std::string::npos);
  EXPECT_NE(refused.error().message.find("JPEG"), std::string::npos) << "says what to do instead";
  EXPECT_FALSE(SniffImage("GIF89a..."));
  EXPECT_FALSE(SniffImage(""));
}

TEST(PhotoImage, AThumbnailAndADisplayCopyAreMadeAndSizesAreBounded) {
  const std::string jpeg = Encode(FaceLike(2, {3000, 2000}));
  auto photo = PreparePhoto(jpeg, {});
  ASSERT_TRUE(photo) << photo.error().ToString();
  EXPECT_EQ(photo->width, 3000);
  EXPECT_EQ(photo->height, 2000);
  const cv::Mat thumbnail =
      cv::imdecode(std::vector<uchar>(photo->thumbnail_jpeg.begin(), photo->thumbnail_jpeg.end()), cv::IMREAD_COLOR);
  const cv::Mat display =
      cv::imdecode(std::vector<uchar>(photo->display_jpeg.begin(), photo->display_jpeg.end()), cv::IMREAD_COLOR);
  EXPECT_EQ(std::max(thumbnail.cols, thumbnail.rows), 320);
  EXPECT_EQ(std::max(display.cols, display.rows), 1280);
  EXPECT_EQ(photo->original, jpeg) << "a JPEG without metadata is kept as it came";
  PhotoLimits small;
  small.max_bytes = 1000;
  EXPECT_EQ(PreparePhoto(jpeg, small).error().code, ErrorCode::kResourceExhausted);
  // A "pixel bomb": a frame header claiming 60000 x 60000 pixels is refused before decoding.
  std::string bomb = Encode(FaceLike(3, {64, 48}));
  const size_t sof = bomb.find("\xFF\xC0");
  ASSERT_NE(sof, std::string::npos);
  bomb[sof + 5] = '\xEA', bomb[sof + 6] = '\x60', bomb[sof + 7] = '\xEA', bomb[sof + 8] = '\x60';
  const auto refused = PreparePhoto(bomb, {});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("megapixels"), std::string::npos);
  EXPECT_EQ(PreparePhoto(jpeg.substr(0, 300), {}).error().field, "photo") << "a truncated JPEG";
}

TEST(PhotoImage, AFollowUpTurnedScaledAndShiftedIsRecoveredWithin1DegreeAnd2Percent) {
  const cv::Mat baseline = FaceLike(7);
  const struct {
    double degrees, scale;
    cv::Point2d shift;
  } moves[] = {{7, 1.08, {25, -18}}, {-12, 0.9, {-40, 30}}, {3, 1.0, {60, 0}}, {-4, 1.15, {0, -35}}};
  for (const auto& move : moves) {
    SCOPED_TRACE(std::to_string(move.degrees) + " degrees, scale " + std::to_string(move.scale));
    cv::Mat transform;
    const cv::Mat followup = Moved(baseline, move.degrees, move.scale, move.shift, transform);
    const Alignment alignment = AlignToBaseline(Encode(baseline), Encode(followup));
    ASSERT_TRUE(alignment.aligned) << alignment.reason;
    // The alignment maps the follow-up back onto the baseline: the inverse of the move.
    cv::Mat inverse;
    cv::invertAffineTransform(transform, inverse);
    const double expected_degrees = std::atan2(inverse.at<double>(1, 0), inverse.at<double>(0, 0)) * 180 / CV_PI;
    const double expected_scale = std::hypot(inverse.at<double>(0, 0), inverse.at<double>(1, 0));
    EXPECT_NEAR(alignment.rotation_deg, expected_degrees, 1.0);
    EXPECT_NEAR(alignment.scale / expected_scale, 1.0, 0.02);
    EXPECT_NEAR(alignment.shift_x, inverse.at<double>(0, 2), 8.0);
    EXPECT_NEAR(alignment.shift_y, inverse.at<double>(1, 2), 8.0);
    EXPECT_LT(alignment.error_after, alignment.error_before / 2) << "before " << alignment.error_before;
    EXPECT_FALSE(alignment.aligned_jpeg.empty());
  }
}

TEST(PhotoImage, ABlankOrUnrelatedPhotoIsNotAlignedAndSaysWhy) {
  const std::string baseline = Encode(FaceLike(7));
  const Alignment blank = AlignToBaseline(baseline, Encode(cv::Mat(960, 1280, CV_8UC3, cv::Scalar(200, 200, 200))));
  EXPECT_FALSE(blank.aligned);
  EXPECT_NE(blank.reason.find("too little detail"), std::string::npos) << blank.reason;
  EXPECT_TRUE(blank.aligned_jpeg.empty());
  cv::Mat other(960, 1280, CV_8UC3);
  cv::randu(other, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::GaussianBlur(other, other, {0, 0}, 1.5);
  const Alignment unrelated = AlignToBaseline(baseline, Encode(other));
  EXPECT_FALSE(unrelated.aligned);
  EXPECT_TRUE(unrelated.reason.find("overlap") != std::string::npos ||
              unrelated.reason.find("different view") != std::string::npos)
      << unrelated.reason;
}

}  // namespace
}  // namespace scarwise::interop
