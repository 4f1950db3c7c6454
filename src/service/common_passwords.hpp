#pragma once

// The 10,000 most common passwords, refused as account passwords (NIST SP 800-63B 5.1.1.2:
// "passwords obtained from previous breach corpuses").
//
// Source: src/service/common_passwords.txt, one password a line, the first 10,000 entries of
// the "passwords" frequency list of zxcvbn (Dropbox, MIT licence; ranked by frequency in
// Xato's corpus of 10 million leaked passwords), as shipped by Debian 12's package
// python3-zxcvbn 4.4.28-3 (zxcvbn/frequency_lists.py). Every entry is lower-case ASCII.

#include <string_view>

namespace scarwise::service {

// The list's text: lower-case passwords, each followed by "\n".
std::string_view CommonPasswordList();

}  // namespace scarwise::service
