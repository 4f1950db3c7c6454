// The scarwise command: the composition root. It parses nothing itself; it hands the
// process's streams and the system clock to the CLI layer, supplies the commands that live
// in outer layers (the HTTP server), and maps escaping exceptions (bugs only: user errors
// travel as values) to exit status 1.
#include <csignal>
#include <exception>
#include <iostream>

#include "cli/cli.hpp"
#include "common/clock.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "protocol/protocol_loader.hpp"

namespace {

// Runs the server until SIGINT or SIGTERM.
int Serve(const scarwise::cli::ServeArgs& args, std::ostream& out, std::ostream& err) {
  using namespace scarwise;
  protocol::ProtocolLoad load = protocol::LoadProtocol(args.protocol_dir);
  if (!load.ok()) {
    err << "scarwise: the protocol in " << args.protocol_dir << " has problems:\n";
    for (const auto& p : load.problems) err << "  " << p.ToString() << "\n";
    return cli::kExitBadInput;
  }
  // Block the stop signals before any thread starts, so that only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  http::Api api(http::ApiContext{SCARWISE_VERSION, nullptr});
  http::ServerOptions options;
  options.host = args.host;
  options.port = args.port;
  options.web_root = args.web_root;
  auto server = http::Server::Start(options, [&api](const http::HttpRequest& r) { return api.Handle(r); });
  if (!server) {
    err << "scarwise: " << server.error().ToString() << "\n";
    return cli::kExitFailure;
  }
  out << "Scarwise is listening on http://" << args.host << ":" << args.port << "/ (protocol " << load.protocol.id.name
      << " " << load.protocol.id.version << "); stop with Ctrl-C" << std::endl;
  int signal = 0;
  sigwait(&stop_signals, &signal);
  out << "scarwise: stopping" << std::endl;
  (*server)->Stop();
  return cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const scarwise::SystemClock clock;
    return scarwise::cli::Run(argc, argv, std::cin, std::cout, std::cerr, clock, {.serve = &Serve});
  } catch (const std::exception& e) {
    std::cerr << "scarwise: internal error: " << e.what() << "\n";
    return scarwise::cli::kExitFailure;
  }
}
