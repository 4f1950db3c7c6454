#pragma once

// E-mail out of the outbox: an RFC 5322 message (UTF-8, headers encoded per RFC 2047), sent
// over SMTP with libcurl (private here) or written as a .eml file for a folder-watching
// setup or for review in development.

#include <chrono>
#include <string>

#include "common/result.hpp"

namespace scarwise::interop {

struct MailMessage {
  std::string from;
  std::string to;
  std::string subject;  // UTF-8
  std::string body;     // UTF-8 plain text, "\n" line ends
};

// The message as sent: CRLF line ends, Date and Message-ID headers, quoted-printable body.
std::string FormatMail(const MailMessage& message, std::chrono::sys_seconds date, const std::string& message_id);

struct SmtpSettings {
  // "smtp://host:port" (the session must be upgraded with STARTTLS) or "smtps://host:port"
  // (TLS from the first byte).
  std::string url;
  std::string user;  // empty: no authentication
  std::string password;
  // The whole exchange, from connecting to the server's last answer: a server that stops
  // answering mid-message is given up after this.
  std::chrono::seconds timeout{30};
  // false (the default): the message and the credentials leave only over TLS; a server that
  // does not offer STARTTLS gets nothing. true: a relay on this host's loopback interface
  // that speaks no TLS is accepted (the text never crosses a network); refused for any
  // other host (see CheckSmtpSettings).
  bool allow_plaintext = false;
  // Connecting, the server's greeting, EHLO and STARTTLS: a server that accepts the
  // connection and never answers is given up after this.
  std::chrono::seconds connect_timeout{10};
};

// Whether `settings` may be used: kInvalidArgument naming "--smtp" for a URL that is not
// smtp:// or smtps://, and "--smtp-allow-plaintext" when plaintext is allowed for a host
// other than loopback (localhost, 127.0.0.0/8, ::1).
Result<void> CheckSmtpSettings(const SmtpSettings& settings);

// Sends over TLS only, unless settings.allow_plaintext (loopback hosts only).
// kInvalidArgument (field "to") for an address with a line break or without '@', and the
// errors of CheckSmtpSettings; kUnavailable with the server's reason when it did not accept
// the message, did not offer TLS ("STARTTLS not supported"), or did not answer within
// settings.connect_timeout (to greet) or settings.timeout (in all): nothing was sent then.
// Safe to call from several threads at once (one connection each).
Result<void> SendSmtp(const SmtpSettings& settings, const MailMessage& message, std::chrono::sys_seconds now);

// Writes the message as `folder`/<UTC time>-<sequence>.eml (the folder is created).
Result<void> WriteMailFile(const std::string& folder, const MailMessage& message, std::chrono::sys_seconds now);

}  // namespace scarwise::interop
