// SPDX-License-Identifier: MIT
#pragma once

#include "RsaKey.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

// The public keys of a JWKS document (/.well-known/jwks.json), by kid. Only RSA signing keys.
class JwkSet
{
public:
    JwkSet() = default;
    static JwkSet fromJson(const QJsonObject &jwks, QString *error = nullptr);

    void insert(const QString &kid, const RsaKey &key) { m_keys.insert(kid, key); }
    RsaKey find(const QString &kid) const { return m_keys.value(kid); }
    bool isEmpty() const { return m_keys.isEmpty(); }
    int size() const { return int(m_keys.size()); }

private:
    QHash<QString, RsaKey> m_keys;
};
