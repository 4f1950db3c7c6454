// The scarwise command: the composition root. It parses nothing itself; it hands the
// process's streams and the system clock to the CLI layer and maps escaping exceptions
// (bugs only: user errors travel as values) to exit status 1.
#include <exception>
#include <iostream>

#include "cli/cli.hpp"
#include "common/clock.hpp"

int main(int argc, char** argv) {
  try {
    const scarwise::SystemClock clock;
    return scarwise::cli::Run(argc, argv, std::cin, std::cout, std::cerr, clock);
  } catch (const std::exception& e) {
    std::cerr << "scarwise: internal error: " << e.what() << "\n";
    return scarwise::cli::kExitFailure;
  }
}
