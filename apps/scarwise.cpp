// The scarwise command: the composition root. It parses nothing itself; it hands the
// process's streams and the system clock to the CLI layer, supplies the commands that live
// in outer layers (the server, the database drivers), and maps escaping exceptions (bugs
// only: user errors travel as values) to exit status 1.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.hpp"
#include "common/clock.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "interop/mail/mail.hpp"
#include "protocol/protocol_loader.hpp"
#include "service/accounts_service.hpp"
#include "service/demo_clinic.hpp"
#include "service/fleet.hpp"
#include "service/outbox.hpp"
#include "service/periodic.hpp"
#include "service/photo_service.hpp"
#include "service/records_service.hpp"
#include "storage/audit_key.hpp"
#include "storage/backup.hpp"
#include "storage/database_file.hpp"
#include "storage/store.hpp"

namespace {

using namespace scarwise;

int Fail(std::ostream& err, const Error& error, int status = cli::kExitFailure) {
  err << "scarwise: " << error.ToString() << "\n";
  return status;
}

// Bad input (a malformed URL, a weak password) is status 2; everything else 1.
int StatusOf(const Error& error) {
  return error.code == ErrorCode::kInvalidArgument || error.code == ErrorCode::kUnprocessable ||
                 error.code == ErrorCode::kAlreadyExists
             ? cli::kExitBadInput
             : cli::kExitFailure;
}

// The audit key for `db` (storage/audit_key.hpp): --audit-key-file, the environment, or the
// file beside a SQLite database, which `create` makes when missing (announced on `err`).
Result<storage::StoreOptions> AuditKeyed(const std::string& db, const std::string& key_file, bool create,
                                         std::ostream& err) {
  const char* env_key = std::getenv("SCARWISE_AUDIT_KEY");
  const char* env_key_file = std::getenv("SCARWISE_AUDIT_KEY_FILE");
  SCARWISE_ASSIGN_OR_RETURN(
      auto keys,
      storage::ResolveAuditKeys(db, {key_file, env_key ? env_key : "", env_key_file ? env_key_file : ""}, create));
  if (keys.created) {
    err << "scarwise: created the audit key in " << keys.source
        << " (mode 0600); back it up apart from the database: without it the audit log cannot be verified\n";
  }
  storage::StoreOptions options;
  options.audit_keys = std::move(keys.keys);
  return options;
}

// Runs the server until SIGINT or SIGTERM.
int Serve(const cli::ServeArgs& args, std::ostream& out, std::ostream& err) {
  // Every connection is a file handle: take all the kernel allows (the default soft limit,
  // 1,024, is below what a burst of idle connections can hold); the server caps its
  // connections below it.
  if (auto raised = http::RaiseOpenFileLimit(); !raised)
    err << "scarwise: warning: " << raised.error().ToString() << "\n";
  protocol::ProtocolLoad load = protocol::LoadProtocol(args.protocol_dir);
  if (!load.ok()) {
    err << "scarwise: the protocol in " << args.protocol_dir << " has problems:\n";
    for (const auto& p : load.problems) err << "  " << p.ToString() << "\n";
    return cli::kExitBadInput;
  }
  // The database file first: an empty file is refused without --create, a file that is not a
  // database says so, and an existing SQLite database passes its quick check before serving.
  if (auto file = storage::CheckDatabaseFile(args.db, args.create); !file) {
    return Fail(err, file.error(), StatusOf(file.error()));
  }
  if (auto kind = storage::InspectDatabaseFile(args.db); kind && *kind == storage::DatabaseFile::kSqlite) {
    auto problems = storage::CheckIntegrity(args.db, /*quick=*/true);
    if (!problems) return Fail(err, problems.error(), StatusOf(problems.error()));
    if (!problems->empty()) {
      err << "scarwise: db: the database is damaged (" << problems->front()
          << "); see `scarwise check --db URL`, and restore the latest backup\n";
      return cli::kExitFailure;
    }
  }
  auto store_options = AuditKeyed(args.db, args.audit_key_file, true, err);
  if (!store_options) return Fail(err, store_options.error(), StatusOf(store_options.error()));
  auto store = storage::OpenStore(args.db, std::move(*store_options));
  if (!store) return Fail(err, store.error(), StatusOf(store.error()));
  const SystemClock clock;
  service::ServiceOptions service_options;
  service_options.index_audit_trail_when_idle = std::chrono::seconds(1);
  service_options.public_url = args.public_url;
  // A message to send at once (a portal invitation) wakes the outbox's delivery pass.
  std::atomic<service::Periodic*> delivery_pass{nullptr};
  service_options.message_queued = [&delivery_pass] {
    if (service::Periodic* pass = delivery_pass.load()) pass->Wake();
  };
  service::AccountsService accounts(**store, clock, service_options);  // owns the store's RecordAccess
  service::RecordAccess& access = accounts.access();
  service::RecordsService records(access, load.protocol, clock);
  service::RecoveryService recovery(access, load.protocol);
  service::PatientGuide guide(access, load.protocol);
  service::ConsentService consent(access, load.protocol);
  records.RequireTreatmentConsent(args.consent_before_approval != "off");
  service::PhotoService photos(access, load.protocol,
                               {args.photo_max_bytes, args.clinic_photo_quota_bytes, std::chrono::seconds(600)});
  service::SessionDayService session_day(records, load.protocol);
  service::SchedulingService scheduling(access, load.protocol);
  // Reminders and alerts leave through the outbox: by SMTP, or as files when none is set.
  const char* smtp_password = std::getenv("SCARWISE_SMTP_PASSWORD");
  const interop::SmtpSettings smtp{args.smtp_url,
                                   args.smtp_user,
                                   smtp_password ? smtp_password : "",
                                   std::chrono::seconds(30),
                                   args.smtp_allow_plaintext,
                                   std::chrono::seconds(10)};
  service::OutboxOptions outbox_options;
  outbox_options.claim_for = std::chrono::seconds(args.outbox_claim_seconds);
  service::Outbox outbox(
      access,
      [&args, &smtp, &clock](const service::OutgoingMessage& m) -> Result<void> {
        const interop::MailMessage mail{args.mail_from, m.to, m.subject, m.body};
        const auto now = std::chrono::floor<std::chrono::seconds>(clock.Now());
        return args.smtp_url.empty() ? interop::WriteMailFile(args.mail_dir, mail, now)
                                     : interop::SendSmtp(smtp, mail, now);
      },
      outbox_options);
  std::vector<service::DemoLogin> demo_logins;
  if (args.demo) {
    auto seeded = service::SeedDemoClinic(accounts, records, consent);
    if (!seeded) return Fail(err, seeded.error());
    demo_logins = std::move(*seeded);
  }
  // Block the stop signals before any thread starts, so that only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  storage::Store* db = store->get();
  const auto log_line = [](const std::string& line) {
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    std::clog << line + '\n';  // one write per line
  };
  http::Api api(
      http::ApiContext{SCARWISE_VERSION,
                       [db]() -> Result<void> {
                         SCARWISE_ASSIGN_OR_RETURN(auto tx, db->Begin(storage::TransactionMode::kReadOnly));
                         return {};
                       },
                       log_line},
      http::ApiServices{accounts, records, recovery, guide, session_day, scheduling, outbox, consent, photos});
  http::ServerOptions options;
  options.host = args.host;
  options.port = args.port;
  options.web_root = args.web_root;
  options.max_upload_bytes = static_cast<size_t>(args.photo_max_bytes);
  options.log = log_line;
  // An audited read is answered from its audit commit, so a handler waits for the disk only
  // in a write (which the database serialises anyway): one handler thread per core; more
  // only contend for the cores (docs/benchmarks.md).
  options.threads = std::max(2U, std::thread::hardware_concurrency());
  auto server = http::Server::Start(
      options, [&api](http::HttpRequest r, http::Respond respond) { api.Handle(std::move(r), std::move(respond)); });
  if (!server) return Fail(err, server.error());
  service::Periodic delivery("outbox", std::chrono::seconds(15), [&outbox] {
    (void)outbox.DeliverDue();  // failures are retried on the next pass
  });
  delivery_pass = &delivery;
  // Housekeeping runs once an hour between all the servers sharing the database: each asks
  // every 5 minutes, and the one that takes the hour's lease does it (service/fleet.hpp).
  const service::Periodic housekeeping("housekeeping", std::chrono::minutes(5), [&accounts, &access] {
    (void)service::RunOncePerPeriod(access, "housekeeping", std::chrono::hours(1), [&accounts] {
      (void)accounts.ForgetExpired();  // what is left is forgotten in the next hour
    });
  });
  // A log written to a file is written out every second. Left to the kernel, a busy server's
  // log piles up for half a minute, and its writeback then holds up the database's fsyncs:
  // durable commits waited up to 220 ms behind it (docs/benchmarks.md, session 8).
  struct stat log_file {};
  std::optional<service::Periodic> log_writeback;
  if (fstat(STDERR_FILENO, &log_file) == 0 && S_ISREG(log_file.st_mode)) {
    log_writeback.emplace("log-writeback", std::chrono::seconds(1), [] { (void)fdatasync(STDERR_FILENO); });
  }
  out << "Scarwise is listening on http://" << args.host << ":" << args.port << "/ (database "
      << (*store)->BackendName() << ", instance " << service::InstanceName() << ", protocol " << load.protocol.id.name
      << " " << load.protocol.id.version << "); reminders go "
      << (args.smtp_url.empty()       ? "to " + args.mail_dir
          : args.smtp_allow_plaintext ? "through " + args.smtp_url + " (TLS if offered: local relay)"
                                      : "through " + args.smtp_url + " (TLS only)")
      << "; stop with Ctrl-C\n";
  if (!demo_logins.empty()) {
    out << "Demo clinic logins:\n";
    for (const auto& login : demo_logins) {
      out << "  " << login.role << ": " << login.email << " / " << login.password << "\n";
    }
  }
  out << std::flush;
  int signal = 0;
  sigwait(&stop_signals, &signal);
  out << "scarwise: stopping" << std::endl;
  (*server)->Stop();
  delivery_pass = nullptr;  // no request can queue a message any more
  return cli::kExitOk;
}

// A progress bar on standard error while it is a terminal (nothing in a pipe or a log).
class ProgressBar {
 public:
  explicit ProgressBar(std::ostream& err) : err_(err), shown_(isatty(STDERR_FILENO) == 1) {}
  void Show(int64_t done, int64_t total) {
    if (!shown_ || total <= 0) return;
    const int64_t width = 40;
    const int64_t filled = done * width / total;
    if (filled == last_ && done != total) return;
    last_ = filled;
    err_ << "\r[" << std::string(static_cast<size_t>(filled), '#')
         << std::string(static_cast<size_t>(width - filled), ' ') << "] " << done << "/" << total << " patients"
         << (done == total ? "\n" : "") << std::flush;
  }

 private:
  std::ostream& err_;
  bool shown_;
  int64_t last_ = -1;
};

// `scarwise export fhir`: one patient's Bundle to a file, or (--all) every course as FHIR
// Bulk Data: one NDJSON file per resource type in the folder, each line one resource.
int ExportFhir(const cli::DatabaseArgs& args, storage::Store& store, std::ostream& out, std::ostream& err) {
  protocol::ProtocolLoad load = protocol::LoadProtocol(args.protocol_dir);
  if (!load.ok()) {
    err << "scarwise: the protocol in " << args.protocol_dir << " has problems:\n";
    for (const auto& p : load.problems) err << "  " << p.ToString() << "\n";
    return cli::kExitBadInput;
  }
  const SystemClock clock;
  service::AccountsService accounts(store, clock);
  service::RecordsService records(accounts.access(), load.protocol, clock);
  const service::Request console{std::nullopt, "cli"};
  if (!args.all) {
    auto bundle = records.FhirBundle(console, args.patient_id);  // audited, as the console
    if (!bundle) return Fail(err, bundle.error(), StatusOf(bundle.error()));
    std::ofstream file(args.path, std::ios::binary | std::ios::trunc);
    file << *bundle;
    if (!file.flush()) return Fail(err, InvalidArgument("--out", "cannot write " + args.path), cli::kExitBadInput);
    out << "wrote the FHIR Bundle of patient " << args.patient_id << " to " << args.path << " (" << bundle->size()
        << " bytes)\n";
    return cli::kExitOk;
  }
  std::error_code made;
  std::filesystem::create_directories(args.path, made);
  if (made) return Fail(err, InvalidArgument("--out", "cannot make the folder " + args.path), cli::kExitBadInput);
  std::map<std::string, std::ofstream> files;
  std::map<std::string, int64_t> counts;
  ProgressBar bar(err);
  const auto started = std::chrono::steady_clock::now();
  auto exported = records.ExportClinicFhir(
      console,
      [&](const std::vector<interop::fhir::Resource>& resources) -> Result<void> {
        for (const interop::fhir::Resource& r : resources) {
          auto file = files.find(r.type);
          if (file == files.end()) {
            const std::string name = (std::filesystem::path(args.path) / (r.type + ".ndjson")).string();
            file = files.emplace(r.type, std::ofstream(name, std::ios::binary | std::ios::trunc)).first;
            if (!file->second) return Unexpected(InvalidArgument("--out", "cannot write " + name));
          }
          file->second << r.json << '\n';
          ++counts[r.type];
        }
        return {};
      },
      [&bar](int64_t done, int64_t total) { bar.Show(done, total); });
  for (auto& [type, file] : files) {
    if (!file.flush())
      return Fail(err, InvalidArgument("--out", "cannot write " + type + ".ndjson"), cli::kExitBadInput);
  }
  if (!exported) return Fail(err, exported.error(), StatusOf(exported.error()));
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out << "exported " << *exported << " patients as FHIR Bulk Data to " << args.path << " in " << seconds << " s:";
  for (const auto& [type, n] : counts) out << " " << type << " " << n;
  out << "\n";
  return cli::kExitOk;
}

// `scarwise export csv KIND`: one list, as the API's /api/v1/exports/KIND.csv writes it.
int ExportCsv(const cli::DatabaseArgs& args, service::RecordsService& records, std::ostream& out, std::ostream& err) {
  const service::Request console{std::nullopt, "cli"};
  Result<std::string> csv = Unexpected(InvalidArgument("kind", "unknown list"));
  if (args.kind == "patients") {
    csv = records.PatientsCsv(console);
  } else if (args.kind == "audit") {
    csv = records.AuditCsv(console);
  } else {
    const auto from = storage::Instant(*ParseDate(args.from, "--from"));
    const auto to = storage::Instant(*ParseDate(args.to, "--to") + std::chrono::days(1));
    csv = args.kind == "appointments" ? records.AppointmentsCsv(console, from, to)
                                      : records.SessionsCsv(console, from, to);
  }
  if (!csv) return Fail(err, csv.error(), StatusOf(csv.error()));
  std::ofstream file(args.path, std::ios::binary | std::ios::trunc);
  file << *csv;
  if (!file.flush()) return Fail(err, InvalidArgument("--out", "cannot write " + args.path), cli::kExitBadInput);
  out << "wrote " << args.kind << " to " << args.path << " (" << std::count(csv->begin(), csv->end(), '\n') - 1
      << " rows)\n";
  return cli::kExitOk;
}

// `scarwise import patients`: every row's problems by line and column, the duplicates, and
// what was written.
int ImportPatients(const cli::DatabaseArgs& args, service::RecordsService& records, std::ostream& out,
                   std::ostream& err) {
  std::ifstream file(args.path, std::ios::binary);
  if (!file) return Fail(err, InvalidArgument("--in", "cannot read " + args.path), cli::kExitBadInput);
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  using Mode = service::RecordsService::ImportMode;
  const Mode mode = args.dry_run ? Mode::kDryRun : args.valid_rows ? Mode::kValidRows : Mode::kAllValid;
  auto report = records.ImportPatients({std::nullopt, "cli"}, text, mode);
  if (!report) return Fail(err, report.error(), cli::kExitBadInput);
  for (const auto& p : report->problems) {
    out << "line " << p.line << (p.column.empty() ? "" : ", column " + p.column) << ": " << p.message << "\n";
  }
  for (const auto& d : report->duplicates) out << "line " << d.line << ": duplicate, " << d.reason << "\n";
  out << report->rows << " rows: " << report->valid << " valid, " << report->problems.size() << " problem(s), "
      << report->duplicates.size() << " duplicate(s); ";
  if (report->written) {
    out << "imported " << report->created.size() << " patients\n";
    return cli::kExitOk;
  }
  out << "nothing written"
      << (args.dry_run               ? " (dry run)"
          : report->problems.empty() ? ""
                                     : " (fix the rows above, or import the valid rows with --valid-rows)")
      << "\n";
  return args.dry_run || report->problems.empty() ? cli::kExitOk : cli::kExitBadInput;
}

// The commands that go through the records service (with the clinic's protocol).
int WithRecords(const cli::DatabaseArgs& args, storage::Store& store, std::ostream& out, std::ostream& err) {
  if (args.command == "export-fhir") return ExportFhir(args, store, out, err);
  protocol::ProtocolLoad load = protocol::LoadProtocol(args.protocol_dir);
  if (!load.ok()) {
    err << "scarwise: the protocol in " << args.protocol_dir << " has problems:\n";
    for (const auto& p : load.problems) err << "  " << p.ToString() << "\n";
    return cli::kExitBadInput;
  }
  const SystemClock clock;
  service::AccountsService accounts(store, clock);
  service::RecordsService records(accounts.access(), load.protocol, clock);
  return args.command == "export-csv" ? ExportCsv(args, records, out, err) : ImportPatients(args, records, out, err);
}

int Database(const cli::DatabaseArgs& args, std::istream& in, std::ostream& out, std::ostream& err) {
  if (args.command == "check") {
    auto problems = storage::CheckIntegrity(args.db, /*quick=*/false);
    if (!problems) return Fail(err, problems.error(), StatusOf(problems.error()));
    if (problems->empty()) {
      out << "database intact: ok\n";
      return cli::kExitOk;
    }
    out << "database damaged: " << problems->size() << " problem(s)\n";
    for (const std::string& problem : *problems) out << "  " << problem << "\n";
    return cli::kExitFailure;
  }
  if (args.command != "migrate") {  // migrate may make a new database in an empty file
    if (auto file = storage::CheckDatabaseFile(args.db, /*create=*/false); !file) {
      return Fail(err, file.error(), StatusOf(file.error()));
    }
  }
  if (args.command == "migrate") {
    auto version = storage::Migrate(args.db);
    if (!version) return Fail(err, version.error(), StatusOf(version.error()));
    out << "database schema at version " << *version << "\n";
    return cli::kExitOk;
  }
  if (args.command == "backup" || args.command == "restore") {
    auto summary =
        args.command == "backup" ? storage::Backup(args.db, args.path) : storage::Restore(args.db, args.path);
    if (!summary) return Fail(err, summary.error(), StatusOf(summary.error()));
    out << args.command << ": " << summary->total_rows << " rows in " << summary->rows_per_table.size()
        << " tables (schema version " << summary->schema_version << ")";
    if (args.command == "backup") out << "; " << args.path << " is readable by its owner only (mode 0600)";
    out << "\n";
    return cli::kExitOk;
  }
  // Writing commands may create the key beside a fresh SQLite database (the README's first
  // command is `user add`); the audit commands only ever read one.
  const bool audit_command = args.command == "audit-verify" || args.command == "audit-head";
  auto store_options = AuditKeyed(args.db, args.audit_key_file, !audit_command, err);
  if (!store_options) return Fail(err, store_options.error(), StatusOf(store_options.error()));
  auto store = storage::OpenStore(args.db, std::move(*store_options));
  if (!store) return Fail(err, store.error(), StatusOf(store.error()));
  if (audit_command) {
    std::optional<storage::AuditHead> exported;
    if (!args.head_file.empty()) {
      std::ifstream head_file(args.head_file);
      std::string line;
      if (!head_file || !std::getline(head_file, line)) {
        return Fail(err, InvalidArgument("head", "cannot read " + args.head_file), cli::kExitBadInput);
      }
      auto head = storage::ParseAuditHead(line);
      if (!head) return Fail(err, head.error(), cli::kExitBadInput);
      exported = *head;
    }
    auto tx = (*store)->Begin(storage::TransactionMode::kReadOnly);
    if (!tx) return Fail(err, tx.error());
    auto verification = exported ? storage::VerifyAuditAgainstHead(**tx, *exported) : (*tx)->AuditLog().Verify();
    if (!verification) return Fail(err, verification.error(), StatusOf(verification.error()));
    if (!verification->intact) {
      (args.command == "audit-head" ? err : out)
          << "audit log BROKEN at entry " << verification->first_broken_seq.value_or(0) << ": " << verification->problem
          << " (" << verification->entries_checked << " entries checked)\n";
      return cli::kExitFailure;
    }
    if (args.command == "audit-head") {
      out << storage::FormatAuditHead({verification->head_seq, verification->head_hash});
      return cli::kExitOk;
    }
    out << "audit log intact: " << verification->entries_checked << " entries (keyed from entry "
        << verification->keyed_from_seq << "), head " << verification->head_seq << " " << verification->head_hash
        << (exported ? ", reaching the exported head " + std::to_string(exported->seq) : std::string()) << "\n";
    return cli::kExitOk;
  }
  if (args.command == "export-fhir" || args.command == "export-csv" || args.command == "import-patients") {
    return WithRecords(args, **store, out, err);
  }
  const SystemClock clock;
  service::AccountsService accounts(**store, clock);
  if (args.command == "user-disable" || args.command == "user-enable") {
    const bool disable = args.command == "user-disable";
    auto user = [&]() -> Result<storage::UserRecord> {
      SCARWISE_ASSIGN_OR_RETURN(auto tx, (*store)->Begin(storage::TransactionMode::kReadOnly));
      return tx->Accounts().FindUserByEmail(args.email);
    }();
    if (!user) {
      const Error error = user.error().code == ErrorCode::kNotFound
                              ? NotFound("email", "no account has this e-mail address")
                              : user.error();
      return Fail(err, error, StatusOf(error));
    }
    auto changed = accounts.SetUserDisabled({std::nullopt, "cli"}, user->id, disable);
    if (!changed) return Fail(err, changed.error(), StatusOf(changed.error()));
    out << (disable ? "disabled " : "enabled ") << NameOf(changed->role) << " " << changed->email << " (id "
        << changed->id << ")" << (disable ? "; its sessions have ended" : "") << "\n";
    return cli::kExitOk;
  }
  // user-add: the password is the first line of standard input.
  std::string password;
  std::getline(in, password);
  auto user = accounts.CreateStaffUser({std::nullopt, "cli"}, {args.email, args.name, args.role, password});
  if (!user) return Fail(err, user.error(), StatusOf(user.error()));
  out << "created " << NameOf(user->role) << " " << user->email << " (id " << user->id << ")\n";
  return cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const SystemClock clock;
    return cli::Run(argc, argv, std::cin, std::cout, std::cerr, clock, {.serve = &Serve, .database = &Database});
  } catch (const std::exception& e) {
    std::cerr << "scarwise: internal error: " << e.what() << "\n";
    return cli::kExitFailure;
  }
}
