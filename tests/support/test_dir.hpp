#pragma once

// A scratch folder for the running test: <temp>/scarwise-<kind>-<test name>-<pid>, so that the
// same test run twice at once (two checkouts, two ctest runs) never shares its files.
#include <unistd.h>

#include <filesystem>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace scarwise::testing {

inline std::filesystem::path TestDirectory(std::string_view kind) {
  return std::filesystem::temp_directory_path() /
         ("scarwise-" + std::string(kind) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name() +
          "-" + std::to_string(::getpid()));
}

}  // namespace scarwise::testing
