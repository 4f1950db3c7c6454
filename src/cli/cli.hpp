#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

#include "common/clock.hpp"

namespace scarwise::cli {

// Exit statuses of the scarwise command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;   // something went wrong that is not the caller's input
inline constexpr int kExitBadInput = 2;  // bad arguments, input or protocol: the message names the field

// `scarwise serve` options, validated by the CLI.
struct ServeArgs {
  std::string db = "sqlite:./scarwise.db";
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  std::string web_root;
  std::string protocol_dir;  // resolved: --protocol, $SCARWISE_PROTOCOL or the built-in default
  bool demo = false;
  // The outbox's delivery: SMTP when `smtp_url` is set (password from $SCARWISE_SMTP_PASSWORD),
  // otherwise each message is written as a .eml file into `mail_dir`. SMTP is TLS only
  // (STARTTLS or smtps://) unless `smtp_allow_plaintext`, which the CLI accepts only with an
  // smtp_url on loopback (a local relay).
  std::string smtp_url;
  std::string smtp_user;
  bool smtp_allow_plaintext = false;
  std::string mail_from = "scarwise@localhost";
  std::string mail_dir = "./scarwise-mail";
  // The address patients reach the web app at, for the links in their e-mails (portal
  // invitations); default http://HOST:PORT of --listen.
  std::string public_url;
  // --create: an empty file given as the SQLite database may become a new clinic database
  // (without it, a zero-length file is refused: it is a mistake, never a clinic's records).
  bool create = false;
  // --audit-key-file; "" when not given ($SCARWISE_AUDIT_KEY, $SCARWISE_AUDIT_KEY_FILE or the
  // file beside a SQLite database: storage/audit_key.hpp).
  std::string audit_key_file;
  // How long this server's claim on an outbox message lasts (service::OutboxOptions::claim_for):
  // after a server dies, another sends what it had claimed once the claim runs out.
  int outbox_claim_seconds = 300;
};

// The database maintenance commands: "check" (the database's own integrity check), "migrate",
// "user-add" (password on standard input),
// "user-disable", "user-enable", "backup", "restore", "audit-verify" (against `head_file` when
// set) and "audit-head".
struct DatabaseArgs {
  std::string command;
  std::string db = "sqlite:./scarwise.db";
  std::string email;
  std::string name;
  std::string role;
  std::string path;            // backup --out / restore --in
  std::string audit_key_file;  // --audit-key-file, as for ServeArgs
  std::string head_file;       // audit verify --head: a head printed by `audit head`
};

// Commands whose work lives in outer layers; the composition root (apps/scarwise.cpp)
// supplies them so the CLI does not depend on the server or the storage drivers. Each
// returns an exit status.
struct Commands {
  std::function<int(const ServeArgs&, std::ostream& out, std::ostream& err)> serve;
  std::function<int(const DatabaseArgs&, std::istream& in, std::ostream& out, std::ostream& err)> database;
};

// Runs `scarwise ARGS...` with the given streams and clock (main passes std::cin/cout/cerr
// and the system clock; tests pass their own). Returns the exit status.
int Run(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err, const Clock& clock,
        const Commands& commands = {});

}  // namespace scarwise::cli
