// SPDX-License-Identifier: MIT
#pragma once

#include "management/ManagementAccess.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrl>

// A tenant Rulebench knows: the built-in local tenant, or a real one reached over HTTPS with
// an M2M application's credentials or a pasted Management API token. Holds no secret: those
// are in the SecretStore under SecretKeys::managementClientSecret / managementToken(id).
struct TenantProfile
{
    enum class Auth { ClientCredentials, Token };

    QString id;   // stable, used in keychain entry names
    QString name; // what the user calls it
    QUrl baseUrl;
    Auth auth = Auth::ClientCredentials;
    QString clientId;
    bool isLocal = false;

    QJsonObject toJson() const;
    static TenantProfile fromJson(const QJsonObject &json);
    QString domain() const { return baseUrl.authority(); }
    // The keychain entry holding this tenant's secret (client secret or token, by `auth`).
    QString secretKey() const;
    // Every entry this tenant may have in the keychain: both kinds, as `auth` may have changed.
    QStringList allSecretKeys() const;
    // How to reach the Management API once that secret has been read.
    ManagementAccess access(const SecretBytes &secret) const;
    static QString localId() { return QStringLiteral("local"); }
};
