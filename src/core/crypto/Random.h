// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

namespace Random {

// Cryptographically strong bytes (OpenSSL RAND_bytes).
QByteArray bytes(int count);
// Letters and digits only, as Auth0 uses for client ids, secrets and resource ids.
QString alphanumeric(int length);
QString hex(int length);
QString uuid();

} // namespace Random
