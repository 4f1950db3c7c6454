#pragma once

#include <iosfwd>

#include "common/clock.hpp"

namespace scarwise::cli {

// Exit statuses of the scarwise command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;   // something went wrong that is not the caller's input
inline constexpr int kExitBadInput = 2;  // bad arguments, input or protocol: the message names the field

// Runs `scarwise ARGS...` with the given streams and clock (main passes std::cin/cout/cerr
// and the system clock; tests pass their own). Returns the exit status.
int Run(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err, const Clock& clock);

}  // namespace scarwise::cli
