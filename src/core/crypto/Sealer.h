// SPDX-License-Identifier: MIT
#pragma once

#include "common/SecretBytes.h"

#include <QByteArray>
#include <QString>

#include <optional>

// AES-256-GCM for values at rest (the local tenant's client secrets, configuration values,
// Action secrets and signing key), with a 32-byte key kept in the OS keychain.
// Sealed text: "rbseal:v1:" + base64(nonce ‖ ciphertext ‖ tag).
class Sealer
{
public:
    Sealer() = default;
    explicit Sealer(SecretBytes key);

    static SecretBytes newKey();
    static bool isSealed(const QString &text);

    bool isNull() const { return m_key.isEmpty(); }
    QString seal(const QString &plaintext) const;
    // nullopt when the text was sealed with another key or is damaged.
    std::optional<QString> unseal(const QString &sealed) const;

private:
    SecretBytes m_key;
};
