#pragma once

// The standard photographs of a visit (protocol photos.yaml): the views taken every time,
// each with how to take it, so before and after compare fairly.

#include <string>
#include <vector>

#include "domain/source.hpp"

namespace scarwise::domain {

struct PhotoView {
  std::string code;  // "frontal", "left_45", ...
  std::string label;
  std::string instruction;
  Source source;
};

struct PhotoProtocol {
  std::vector<PhotoView> views;
  std::string lighting;
  Source lighting_source;
  const PhotoView* Find(const std::string& code) const {
    for (const PhotoView& view : views) {
      if (view.code == code) return &view;
    }
    return nullptr;
  }
};

}  // namespace scarwise::domain
