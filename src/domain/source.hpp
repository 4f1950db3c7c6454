#pragma once

#include <string>

namespace scarwise::domain {

// Where a clinical value comes from, as written in the protocol files. `unverified`
// marks values that REFERENCE.md could not confirm in the original paper, so that a
// clinic knows which numbers to check before relying on them.
struct Source {
  std::string citation;
  bool unverified = false;
};

}  // namespace scarwise::domain
