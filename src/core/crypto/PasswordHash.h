// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

// PBKDF2-HMAC-SHA256 password hashes for the local tenant's database users,
// stored as "pbkdf2-sha256$<iterations>$<salt>$<hash>" (base64).
namespace PasswordHash {

QString hash(const QString &password);
bool verify(const QString &password, const QString &stored);

} // namespace PasswordHash
