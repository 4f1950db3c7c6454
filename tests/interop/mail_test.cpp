// E-mail leaves through libcurl's SMTP client: checked end to end against a local SMTP sink
// (tests/interop/smtp_sink.py, which offers no STARTTLS), with UTF-8 subjects and bodies, a
// refusing server, a server that is not there, and a server without TLS, which gets nothing
// unless plaintext is allowed for a loopback relay.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "interop/mail/mail.hpp"
#include "support/free_port.hpp"
#include "support/test_dir.hpp"

namespace scarwise::interop {
namespace {

namespace fs = std::filesystem;

const auto kNow = std::chrono::sys_seconds(std::chrono::seconds(1'796'000'000));

// The SMTP sink on a free port, stopped when the object goes.
class SmtpSink {
 public:
  // `silent`: accepts connections and never answers.
  explicit SmtpSink(const fs::path& folder, int refuse = 0, bool silent = false)
      : port_(scarwise::testing::FreePort()), folder_(folder) {
    pid_ = fork();
    if (pid_ == 0) {
      const std::string script = std::string(SCARWISE_SOURCE_DIR) + "/tests/interop/smtp_sink.py";
      const std::string port = std::to_string(port_), refused = std::to_string(refuse);
      execl("/usr/bin/python3", "python3", script.c_str(), port.c_str(), folder.c_str(), "--refuse", refused.c_str(),
            silent ? "--silent" : static_cast<char*>(nullptr), static_cast<char*>(nullptr));
      _exit(127);
    }
    // Ready when it accepts connections.
    for (int i = 0; i < 100; ++i) {
      if (::access(folder.c_str(), F_OK) == 0 && Connects()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~SmtpSink() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  // The messages received, oldest first.
  std::vector<std::string> Received() const {
    std::vector<std::string> out;
    for (int n = 0; fs::exists(folder_ / (std::to_string(n) + ".eml")); ++n) {
      std::ifstream file(folder_ / (std::to_string(n) + ".eml"));
      std::stringstream text;
      text << file.rdbuf();
      out.push_back(text.str());
    }
    return out;
  }

 private:
  bool Connects() const {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
  }

  uint16_t port_;
  fs::path folder_;
  pid_t pid_ = -1;
};

class MailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scarwise::testing::TestDirectory("mail");
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

const MailMessage kReminder{"clinic@scarwise.test", "zoe@mail.test", "Rappel : séance du lundi 7 décembre",
                            "Bonjour Zoë,\nvotre séance est lundi à 09:00.\nÀ bientôt"};

// The sink speaks no TLS: it stands for a relay on this host that the operator allowed
// plaintext for (--smtp-allow-plaintext).
SmtpSettings LocalRelay(const std::string& url) {
  return {url, "", "", std::chrono::seconds(10), /*allow_plaintext=*/true};
}

TEST_F(MailTest, AServerWithoutTlsGetsNothingUnlessPlaintextIsAllowedForALoopbackRelay) {
  SmtpSink sink(dir_ / "in");
  const SmtpSettings tls_required{sink.url(), "clinic", "the smtp password", std::chrono::seconds(10)};
  auto refused = SendSmtp(tls_required, kReminder, kNow);
  ASSERT_FALSE(refused) << "the reminder and the password would have crossed in clear";
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable) << "the outbox keeps the message and retries";
  EXPECT_NE(refused.error().message.find("the mail server did not take the message"), std::string::npos)
      << refused.error().message;
  EXPECT_TRUE(sink.Received().empty()) << "nothing was sent in clear";

  auto allowed = SendSmtp(LocalRelay(sink.url()), kReminder, kNow);
  ASSERT_TRUE(allowed) << allowed.error().ToString();
  EXPECT_EQ(sink.Received().size(), 1u);
}

TEST(SmtpSettingsTest, PlaintextIsAllowedOnlyForARelayOnThisHost) {
  struct Case {
    const char* name;
    const char* url;
    bool allow_plaintext;
    const char* refused_field;  // "" when accepted
  };
  const Case cases[] = {
      {"TLS required, remote host", "smtp://mail.example.org:587", false, ""},
      {"implicit TLS", "smtps://mail.example.org:465", false, ""},
      {"plaintext to 127.0.0.1", "smtp://127.0.0.1:25", true, ""},
      {"plaintext to 127.0.0.53", "smtp://127.0.0.53:25", true, ""},
      {"plaintext to localhost", "smtp://localhost:25", true, ""},
      {"plaintext to [::1]", "smtp://[::1]:25", true, ""},
      {"plaintext to a remote host", "smtp://mail.example.org:25", true, "--smtp-allow-plaintext"},
      {"plaintext to a LAN address", "smtp://192.168.1.10:25", true, "--smtp-allow-plaintext"},
      {"plaintext to a look-alike name", "smtp://127.0.0.1.example.org:25", true, "--smtp-allow-plaintext"},
      {"plaintext with user info", "smtp://me@127.0.0.1.evil.test:25", true, "--smtp-allow-plaintext"},
      {"not SMTP", "http://127.0.0.1:25", false, "--smtp"},
      {"no host", "smtp://", false, "--smtp"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto checked = CheckSmtpSettings({c.url, "", "", std::chrono::seconds(1), c.allow_plaintext});
    if (std::string(c.refused_field).empty()) {
      EXPECT_TRUE(checked) << checked.error().ToString();
    } else {
      ASSERT_FALSE(checked);
      EXPECT_EQ(checked.error().code, ErrorCode::kInvalidArgument);
      EXPECT_EQ(checked.error().field, c.refused_field);
    }
  }
}

TEST_F(MailTest, AReminderReachesTheMailServerWithItsUtf8TextIntact) {
  SmtpSink sink(dir_ / "in");
  auto sent = SendSmtp(LocalRelay(sink.url()), kReminder, kNow);
  ASSERT_TRUE(sent) << sent.error().ToString();
  const auto received = sink.Received();
  ASSERT_EQ(received.size(), 1u);
  const std::string& mail = received[0];
  EXPECT_NE(mail.find("X-Envelope-To: zoe@mail.test"), std::string::npos) << mail;
  EXPECT_NE(mail.find("Subject: =?UTF-8?B?"), std::string::npos) << "non-ASCII subjects are encoded (RFC 2047)";
  EXPECT_NE(mail.find("Content-Type: text/plain; charset=UTF-8"), std::string::npos);
  EXPECT_NE(mail.find("Bonjour Zo=C3=AB,"), std::string::npos) << "quoted-printable UTF-8 body";
  EXPECT_NE(mail.find("Message-ID: <"), std::string::npos);

  // python's own e-mail parser reads back the subject and body.
  const std::string check = "/usr/bin/python3 " + std::string(SCARWISE_SOURCE_DIR) + "/tests/interop/check_mail.py '" +
                            (dir_ / "in" / "0.eml").string() + "' '" + kReminder.subject + "' '" + kReminder.body + "'";
  EXPECT_EQ(std::system(check.c_str()), 0);
}

TEST_F(MailTest, ARefusingOrAbsentServerIsUnavailableNotDelivered) {
  {
    SmtpSink busy(dir_ / "busy", 1);
    auto refused = SendSmtp(LocalRelay(busy.url()), kReminder, kNow);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
    EXPECT_TRUE(busy.Received().empty());
    EXPECT_TRUE(SendSmtp(LocalRelay(busy.url()), kReminder, kNow)) << "the retry goes through";
    EXPECT_EQ(busy.Received().size(), 1u);
  }
  const std::string nobody = "smtp://127.0.0.1:" + std::to_string(scarwise::testing::FreePort());
  auto absent = SendSmtp(LocalRelay(nobody), kReminder, kNow);
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code, ErrorCode::kUnavailable);
  MailMessage injected = kReminder;
  injected.to = "zoe@mail.test\r\nBcc: everyone@x.test";
  EXPECT_EQ(SendSmtp(LocalRelay(nobody), injected, kNow).error().field, "to");
}

TEST_F(MailTest, AServerThatAcceptsAndNeverAnswersIsGivenUpWithinTheConnectTimeout) {
  EXPECT_LE(SmtpSettings{}.connect_timeout, std::chrono::seconds(10)) << "the defaults never hold the outbox long";
  EXPECT_LE(SmtpSettings{}.timeout, std::chrono::seconds(30));
  SmtpSink stuck(dir_ / "stuck", 0, /*silent=*/true);
  SmtpSettings settings = LocalRelay(stuck.url());
  settings.timeout = std::chrono::seconds(120);
  settings.connect_timeout = std::chrono::seconds(1);
  const auto started = std::chrono::steady_clock::now();
  auto sent = SendSmtp(settings, kReminder, kNow);
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(sent) << "nothing was sent";
  EXPECT_EQ(sent.error().code, ErrorCode::kUnavailable) << "the outbox keeps the message and retries";
  EXPECT_LT(took, std::chrono::seconds(10)) << "given up after the connect timeout, not the whole-exchange one";
}

TEST_F(MailTest, WithoutAServerMessagesAreWrittenAsFiles) {
  ASSERT_TRUE(WriteMailFile((dir_ / "out").string(), kReminder, kNow));
  ASSERT_TRUE(WriteMailFile((dir_ / "out").string(), kReminder, kNow));
  // The outbox writes from several threads at once: still one file each.
  std::vector<std::thread> writers;
  for (int i = 0; i < 8; ++i) {
    writers.emplace_back([&] {
      for (int j = 0; j < 25; ++j) (void)WriteMailFile((dir_ / "out").string(), kReminder, kNow);
    });
  }
  for (std::thread& t : writers) t.join();
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "out")) {
    ++files;
    EXPECT_EQ(entry.path().extension(), ".eml");
  }
  EXPECT_EQ(files, 202) << "one file per message, never overwritten";
}

}  // namespace
}  // namespace scarwise::interop
