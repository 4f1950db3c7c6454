#include "cli/cli.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/text_report.hpp"
#include "common/civil_time.hpp"
#include "common/unicode_text.hpp"
#include "domain/review.hpp"
#include "interop/json/consultation_codec.hpp"
#include "interop/json/report_codec.hpp"
#include "interop/mail/mail.hpp"
#include "protocol/protocol_loader.hpp"

namespace scarwise::cli {
namespace {

using nlohmann::json;

struct Streams {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
};

// --protocol, else $SCARWISE_PROTOCOL, else the default protocol of this build.
std::filesystem::path ProtocolDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("SCARWISE_PROTOCOL"); env != nullptr && *env != '\0') return env;
  return SCARWISE_DEFAULT_PROTOCOL_DIR;
}

// Loads the protocol, or prints every problem and returns nullopt.
std::optional<domain::Protocol> Protocol(const std::string& flag, const Streams& io) {
  protocol::ProtocolLoad load = protocol::LoadProtocol(ProtocolDir(flag));
  if (load.ok()) return std::move(load.protocol);
  io.err << "scarwise: the protocol in " << ProtocolDir(flag).string() << " has problems:\n";
  for (const auto& p : load.problems) io.err << "  " << p.ToString() << "\n";
  return std::nullopt;
}

int BadInput(const Streams& io, const Error& error) {
  io.err << "scarwise: " << error.ToString() << "\n";
  return kExitBadInput;
}

void Print(const Streams& io, bool as_json, const json& report, std::string (*text)(const json&)) {
  if (as_json) {
    io.out << report.dump(2) << "\n";
  } else {
    io.out << text(report);
  }
}

std::string ReadAll(std::istream& in) {
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct PlanArgs {
  std::string input;
  std::string protocol;
  bool json = false;
};

int RunPlan(const PlanArgs& args, const Streams& io) {
  std::string text;
  if (args.input == "-") {
    text = ReadAll(io.in);
  } else {
    std::ifstream file(args.input, std::ios::binary);
    if (!file) return BadInput(io, InvalidArgument("--input", "cannot read '" + Printable(args.input) + "'"));
    text = ReadAll(file);
  }
  const auto protocol = Protocol(args.protocol, io);
  if (!protocol) return kExitBadInput;
  auto consultation = interop::DecodeConsultationText(text, protocol->screening.questions);
  if (!consultation) return BadInput(io, consultation.error());
  const domain::ConsultationReview review = domain::ReviewConsultation(*protocol, *consultation);
  Print(io, args.json, interop::EncodeReview(review, protocol->id), &ReviewText);
  return kExitOk;
}

struct AftercareArgs {
  std::string session_end;
  std::string at;
  std::string protocol;
  bool json = false;
};

int RunAftercare(const AftercareArgs& args, const Streams& io, const Clock& clock) {
  auto end = ParseTimestamp(args.session_end, "--session-end");
  if (!end) return BadInput(io, end.error());
  Timestamp at{clock.Now(), end->offset};
  if (!args.at.empty()) {
    auto parsed = ParseTimestamp(args.at, "--at");
    if (!parsed) return BadInput(io, parsed.error());
    at = *parsed;
  }
  const auto protocol = Protocol(args.protocol, io);
  if (!protocol) return kExitBadInput;
  const auto timeline = domain::AftercareTimeline(protocol->aftercare, *end, at);
  Print(io, args.json, interop::EncodeAftercare(timeline, *end, at), &AftercareText);
  return kExitOk;
}

struct CheckArgs {
  std::optional<std::string> inci;
  int day = 0;
  std::string product_type = "other";
  std::string protocol;
  bool json = false;
};

int RunCheckProduct(const CheckArgs& args, const Streams& io) {
  const auto type = domain::ProductTypeFromName(args.product_type);
  if (!type) {
    return BadInput(
        io, InvalidArgument("--product-type", "unknown product type '" + Printable(args.product_type) +
                                                  "' (one of cleanser, toner, serum, moisturizer, sunscreen, makeup, "
                                                  "mask, scrub, peel, treatment, other)"));
  }
  const std::string inci = args.inci ? *args.inci : ReadAll(io.in);
  if (inci.find_first_not_of(" \t\r\n") == std::string::npos) {
    return BadInput(io, InvalidArgument("--inci", "the ingredient list is empty (pass --inci TEXT or pipe it in)"));
  }
  const auto protocol = Protocol(args.protocol, io);
  if (!protocol) return kExitBadInput;
  const domain::ProductCheck check =
      domain::CheckProduct(protocol->ingredients, protocol->aftercare, {inci, args.day, *type});
  Print(io, args.json, interop::EncodeProductCheck(check, args.day, *type), &ProductCheckText);
  return kExitOk;
}

int RunProtocolCheck(const std::string& dir, bool as_json, const Streams& io) {
  const protocol::ProtocolLoad load = protocol::LoadProtocol(dir);
  if (as_json) {
    json problems = json::array();
    for (const auto& p : load.problems) {
      problems.push_back({{"file", p.file}, {"path", p.path}, {"reason", p.reason}});
    }
    json report = {{"ok", load.ok()}, {"problems", problems}};
    if (load.ok()) report["protocol"] = {{"name", load.protocol.id.name}, {"version", load.protocol.id.version}};
    io.out << report.dump(2) << "\n";
  } else if (load.ok()) {
    io.out << "protocol " << load.protocol.id.name << " " << load.protocol.id.version << " in " << dir
           << ": no problems\n";
  } else {
    for (const auto& p : load.problems) io.out << p.ToString() << "\n";
    io.out << load.problems.size() << " problem(s) in " << dir << "\n";
  }
  return load.ok() ? kExitOk : kExitBadInput;
}

// "HOST:PORT" -> host and port.
Result<void> ParseListen(const std::string& listen, ServeArgs& args) {
  const auto colon = listen.rfind(':');
  const auto bad = [] { return Unexpected(InvalidArgument("--listen", "must be HOST:PORT, e.g. 127.0.0.1:8080")); };
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) return bad();
  const std::string port = listen.substr(colon + 1);
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return bad();
  const int number = std::stoi(port);
  if (number < 1 || number > 65535) {
    return Unexpected(InvalidArgument("--listen", "the port must be from 1 to 65535"));
  }
  args.host = listen.substr(0, colon);
  args.port = static_cast<uint16_t>(number);
  return {};
}

}  // namespace

int Run(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err, const Clock& clock,
        const Commands& commands) {
  const Streams io{in, out, err};
  CLI::App app{"Scarwise: microneedling for acne scars, from consultation to outcome", "scarwise"};
  app.set_version_flag("--version", std::string("scarwise ") + SCARWISE_VERSION);
  app.require_subcommand(1);

  PlanArgs plan;
  CLI::App* plan_cmd = app.add_subcommand("plan", "Score, screen and propose a plan for a consultation (JSON input)");
  plan_cmd->add_option("--input", plan.input, "Consultation JSON file, or - for standard input")->required();
  plan_cmd->add_option("--protocol", plan.protocol, "Protocol folder (default: the built-in default protocol)");
  plan_cmd->add_flag("--json", plan.json, "Print one JSON document");

  AftercareArgs aftercare;
  CLI::App* aftercare_cmd = app.add_subcommand("aftercare", "What is allowed when after a session");
  aftercare_cmd->add_option("--session-end", aftercare.session_end, "When the session ended (ISO 8601 with offset)")
      ->required();
  aftercare_cmd->add_option("--at", aftercare.at, "The moment to judge (ISO 8601 with offset; default now)");
  aftercare_cmd->add_option("--protocol", aftercare.protocol, "Protocol folder");
  aftercare_cmd->add_flag("--json", aftercare.json, "Print one JSON document");

  CheckArgs check;
  CLI::App* check_cmd =
      app.add_subcommand("check-product", "Check a product's ingredient list (INCI) for a day after the session");
  check_cmd->add_option("--inci", check.inci, "The ingredient list (default: read standard input)");
  check_cmd->add_option("--day", check.day, "Whole days since the session, 0 = the first 24 hours")
      ->check(CLI::Range(0, 3650));
  check_cmd->add_option("--product-type", check.product_type,
                        "cleanser, toner, serum, moisturizer, sunscreen, makeup, mask, scrub, peel, treatment, other");
  check_cmd->add_option("--protocol", check.protocol, "Protocol folder");
  check_cmd->add_flag("--json", check.json, "Print one JSON document");

  std::string protocol_dir;
  bool protocol_json = false;
  CLI::App* protocol_cmd = app.add_subcommand("protocol", "Work with protocol folders");
  protocol_cmd->require_subcommand(1);
  CLI::App* protocol_check = protocol_cmd->add_subcommand("check", "Validate a protocol folder");
  protocol_check->add_option("DIR", protocol_dir, "The protocol folder")->required();
  protocol_check->add_flag("--json", protocol_json, "Print one JSON document");

  ServeArgs serve;
  std::string listen = "127.0.0.1:8080";
  CLI::App* serve_cmd = app.add_subcommand("serve", "Run the records server (HTTP API and web app)");
  serve_cmd
      ->add_option("--db", serve.db,
                   "Database: sqlite:PATH, postgresql://USER@HOST:PORT/DB or libpq keywords "
                   "'host=H port=P user=U dbname=D' (password: $PGPASSWORD or ~/.pgpass)")
      ->capture_default_str();
  serve_cmd->add_option("--listen", listen, "HOST:PORT to listen on")->capture_default_str();
  serve_cmd->add_option("--web-root", serve.web_root, "Folder of the built web app to serve");
  serve_cmd->add_option("--protocol", serve.protocol_dir, "Protocol folder");
  serve_cmd->add_flag("--demo", serve.demo, "Seed a demo clinic (idempotent)");
  serve_cmd->add_option("--smtp", serve.smtp_url,
                        "Send reminders through this SMTP server: smtp://HOST:PORT (STARTTLS required) or "
                        "smtps://HOST:PORT");
  serve_cmd->add_flag("--smtp-allow-plaintext", serve.smtp_allow_plaintext,
                      "Allow an SMTP relay without TLS; only with --smtp on this host "
                      "(localhost, 127.0.0.1, [::1])");
  serve_cmd->add_option("--smtp-user", serve.smtp_user, "SMTP user (password from $SCARWISE_SMTP_PASSWORD)");
  serve_cmd->add_option("--mail-from", serve.mail_from, "Sender address of reminders")->capture_default_str();
  serve_cmd->add_option("--audit-key-file", serve.audit_key_file,
                        "File holding the audit log's HMAC key (else $SCARWISE_AUDIT_KEY, $SCARWISE_AUDIT_KEY_FILE, "
                        "or DB.audit-key beside a SQLite database, created on first start)");
  serve_cmd->add_option("--mail-dir", serve.mail_dir, "Without --smtp: folder the reminders are written to as .eml")
      ->capture_default_str();
  serve_cmd->add_flag("--create", serve.create,
                      "Let an empty file given as the SQLite database become a new one (else refused)");
  serve_cmd
      ->add_option("--outbox-claim-seconds", serve.outbox_claim_seconds,
                   "How long a server's claim on a message it is sending lasts; after a server dies, another "
                   "server sends what it had claimed once the claim runs out")
      ->check(CLI::Range(10, 3600))
      ->capture_default_str();
  serve_cmd
      ->add_option("--consent-before-approval", serve.consent_before_approval,
                   "required: approving a plan needs the patient's current treatment consent; off: not")
      ->check(CLI::IsMember({"required", "off"}))
      ->capture_default_str();
  serve_cmd->add_option("--photo-max-bytes", serve.photo_max_bytes, "Largest photograph accepted, in bytes")
      ->check(CLI::Range(int64_t{1024}, int64_t{200} * 1024 * 1024))
      ->capture_default_str();
  serve_cmd
      ->add_option("--clinic-photo-quota-bytes", serve.clinic_photo_quota_bytes,
                   "Total bytes of photographs (originals and thumbnails) the clinic may keep")
      ->check(CLI::Range(int64_t{1024 * 1024}, int64_t{1} << 50))
      ->capture_default_str();
  serve_cmd->add_option("--public-url", serve.public_url,
                        "Address patients reach the web app at, for links in e-mails (default: http://LISTEN)");

  DatabaseArgs database;
  CLI::App* check_db_cmd = app.add_subcommand(
      "check", "Run the database's own integrity check (SQLite integrity_check; PostgreSQL amcheck)");
  check_db_cmd->add_option("--db", database.db, "Database URL")->capture_default_str();
  CLI::App* migrate_cmd = app.add_subcommand("migrate", "Apply pending database migrations");
  migrate_cmd->add_option("--db", database.db, "Database URL")->capture_default_str();
  CLI::App* user_cmd = app.add_subcommand("user", "Manage staff accounts");
  user_cmd->require_subcommand(1);
  CLI::App* user_add = user_cmd->add_subcommand("add", "Create a staff account; the password is read from stdin");
  user_add->add_option("--db", database.db, "Database URL")->capture_default_str();
  user_add->add_option("--email", database.email, "E-mail address (the login)")->required();
  user_add->add_option("--name", database.name, "Full name")->required();
  user_add->add_option("--role", database.role, "admin, clinician or coordinator")->required();
  CLI::App* user_disable =
      user_cmd->add_subcommand("disable", "Disable an account: it cannot sign in and its sessions end");
  CLI::App* user_enable = user_cmd->add_subcommand("enable", "Enable a disabled account again");
  for (CLI::App* sub : {user_disable, user_enable}) {
    sub->add_option("--db", database.db, "Database URL")->capture_default_str();
    sub->add_option("--email", database.email, "E-mail address (the login)")->required();
  }
  CLI::App* backup_cmd = app.add_subcommand(
      "backup", "Write every record to a portable backup file, readable by its owner only (mode 0600)");
  backup_cmd->add_option("--db", database.db, "Database URL")->capture_default_str();
  backup_cmd->add_option("--out", database.path, "Backup file to write (created with mode 0600)")->required();
  CLI::App* restore_cmd = app.add_subcommand("restore", "Restore a backup file into an empty database");
  restore_cmd->add_option("--db", database.db, "Database URL")->capture_default_str();
  restore_cmd->add_option("--in", database.path, "Backup file to read")->required();
  CLI::App* audit_cmd = app.add_subcommand("audit", "Work with the audit log");
  audit_cmd->require_subcommand(1);
  CLI::App* audit_verify = audit_cmd->add_subcommand("verify", "Check the audit log's keyed hash chain");
  audit_verify->add_option("--db", database.db, "Database URL")->capture_default_str();
  audit_verify->add_option("--head", database.head_file,
                           "A head printed by 'audit head' earlier: the log must still reach it");
  CLI::App* audit_head =
      audit_cmd->add_subcommand("head", "Verify the audit log and print its head (SEQ MAC) to keep elsewhere");
  audit_head->add_option("--db", database.db, "Database URL")->capture_default_str();
  CLI::App* export_cmd = app.add_subcommand("export", "Export records in standard forms");
  export_cmd->require_subcommand(1);
  CLI::App* export_fhir = export_cmd->add_subcommand(
      "fhir", "A patient's course as a FHIR R4 Bundle (--patient), or every course as FHIR Bulk Data NDJSON (--all)");
  export_fhir->add_option("--db", database.db, "Database URL")->capture_default_str();
  CLI::Option* export_patient = export_fhir->add_option("--patient", database.patient_id, "The patient's id");
  CLI::Option* export_all =
      export_fhir->add_flag("--all", database.all, "Every patient: one NDJSON file per resource type in --out");
  export_patient->excludes(export_all);
  export_fhir->add_option("--out", database.path, "The Bundle's file (--patient) or the folder (--all)")->required();
  export_fhir->add_option("--protocol", database.protocol_dir,
                          "Protocol folder (default: $SCARWISE_PROTOCOL, else the built-in default)");
  CLI::App* export_csv = export_cmd->add_subcommand(
      "csv",
      "A list as CSV (RFC 4180, UTF-8): patients, appointments, sessions (charted), adverse-events (the register), "
      "outcomes (one row per course) or audit (the log)");
  export_csv->add_option("kind", database.kind, "patients, appointments, sessions, adverse-events, outcomes or audit")
      ->required()
      ->check(CLI::IsMember({"patients", "appointments", "sessions", "adverse-events", "outcomes", "audit"}));
  export_csv->add_option("--db", database.db, "Database URL")->capture_default_str();
  export_csv->add_option("--out", database.path, "The CSV file to write")->required();
  export_csv->add_option("--from", database.from, "First day (YYYY-MM-DD), for appointments and sessions");
  export_csv->add_option("--to", database.to, "Last day (YYYY-MM-DD), for appointments and sessions");
  CLI::App* import_cmd = app.add_subcommand("import", "Import records");
  import_cmd->require_subcommand(1);
  CLI::App* import_patients = import_cmd->add_subcommand(
      "patients", "Patients from a CSV file (given_name, family_name, birth_date, sex, email, phone, fitzpatrick)");
  import_patients->add_option("--db", database.db, "Database URL")->capture_default_str();
  import_patients->add_option("--in", database.path, "The CSV file to read")->required();
  import_patients->add_flag("--dry-run", database.dry_run, "Check every row and report; write nothing");
  import_patients->add_flag("--valid-rows", database.valid_rows,
                            "Import the valid rows even when other rows have problems");
  for (CLI::App* sub :
       {user_add, user_disable, user_enable, audit_verify, audit_head, export_fhir, export_csv, import_patients}) {
    sub->add_option("--audit-key-file", database.audit_key_file,
                    "File holding the audit log's HMAC key (see scarwise serve --help)");
  }

  const auto is_command = [&app](const std::string& name) {
    for (const CLI::App* sub : app.get_subcommands({})) {
      if (sub->get_name() == name) return true;
    }
    return false;
  };
  if (argc > 1 && argv[1][0] != '-' && !is_command(argv[1])) {
    err << "scarwise: unknown command '" << Printable(argv[1])
        << "' (one of plan, aftercare, check-product, protocol check, serve, check, migrate, user add|disable|enable, "
           "backup, restore, "
           "audit verify|head, export fhir|csv, import patients; see --help)\n";
    return kExitBadInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    out << "scarwise " << SCARWISE_VERSION << "\n";
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    err << "scarwise: " << Printable(e.what(), 300) << "\n";
    return kExitBadInput;
  }

  if (plan_cmd->parsed()) return RunPlan(plan, io);
  if (aftercare_cmd->parsed()) return RunAftercare(aftercare, io, clock);
  if (check_cmd->parsed()) return RunCheckProduct(check, io);
  if (protocol_check->parsed()) return RunProtocolCheck(protocol_dir, protocol_json, io);
  for (auto [sub, name] :
       {std::pair{check_db_cmd, "check"}, std::pair{migrate_cmd, "migrate"}, std::pair{user_add, "user-add"},
        std::pair{user_disable, "user-disable"}, std::pair{user_enable, "user-enable"}, std::pair{backup_cmd, "backup"},
        std::pair{restore_cmd, "restore"}, std::pair{audit_verify, "audit-verify"}, std::pair{audit_head, "audit-head"},
        std::pair{export_fhir, "export-fhir"}, std::pair{export_csv, "export-csv"},
        std::pair{import_patients, "import-patients"}}) {
    if (!sub->parsed()) continue;
    if (sub == export_fhir) {
      if (!database.all && database.patient_id <= 0) {
        return BadInput(io, InvalidArgument("--patient", "name a patient's id, or --all for every patient"));
      }
      database.protocol_dir = ProtocolDir(database.protocol_dir).string();
    }
    if (sub == export_csv && (database.kind == "appointments" || database.kind == "sessions")) {
      for (auto [flag, value] : {std::pair{"--from", &database.from}, std::pair{"--to", &database.to}}) {
        if (auto day = ParseDate(*value, flag); !day) return BadInput(io, day.error());
      }
    }
    if (sub == export_csv || sub == import_patients) database.protocol_dir = ProtocolDir("").string();
    if (!commands.database) {
      err << "scarwise: this build has no database\n";
      return kExitFailure;
    }
    database.command = name;
    return commands.database(database, in, out, err);
  }
  if (serve_cmd->parsed()) {
    if (auto ok = ParseListen(listen, serve); !ok) return BadInput(io, ok.error());
    if (serve.public_url.empty()) serve.public_url = "http://" + listen;
    while (!serve.public_url.empty() && serve.public_url.back() == '/') serve.public_url.pop_back();
    if (serve.public_url.rfind("http://", 0) != 0 && serve.public_url.rfind("https://", 0) != 0) {
      return BadInput(io, InvalidArgument("--public-url", "must start with https:// or http://"));
    }
    if (serve.smtp_allow_plaintext && serve.smtp_url.empty()) {
      return BadInput(io, InvalidArgument("--smtp-allow-plaintext", "needs --smtp smtp://HOST:PORT"));
    }
    if (!serve.smtp_url.empty()) {
      const interop::SmtpSettings smtp{serve.smtp_url, serve.smtp_user, "", std::chrono::seconds(20),
                                       serve.smtp_allow_plaintext};
      if (auto ok = interop::CheckSmtpSettings(smtp); !ok) return BadInput(io, ok.error());
    }
    serve.protocol_dir = ProtocolDir(serve.protocol_dir).string();
    if (!commands.serve) {
      err << "scarwise: this build has no server\n";
      return kExitFailure;
    }
    return commands.serve(serve, out, err);
  }
  err << app.help();
  return kExitBadInput;
}

}  // namespace scarwise::cli
