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
  std::string url;   // "smtp://host:port" (STARTTLS when the server offers it) or "smtps://host:port"
  std::string user;  // empty: no authentication
  std::string password;
  std::chrono::seconds timeout{20};
};

// kInvalidArgument (field "to") for an address with a line break or without '@';
// kUnavailable with the server's reason when it did not accept the message.
Result<void> SendSmtp(const SmtpSettings& settings, const MailMessage& message, std::chrono::sys_seconds now);

// Writes the message as `folder`/<UTC time>-<sequence>.eml (the folder is created).
Result<void> WriteMailFile(const std::string& folder, const MailMessage& message, std::chrono::sys_seconds now);

}  // namespace scarwise::interop
