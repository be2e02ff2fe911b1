// SPDX-License-Identifier: MIT
#pragma once

#include "common/SecretBytes.h"

#include <QDateTime>
#include <QString>
#include <QUrl>

// How to reach a tenant's Management API: its base URL and either an M2M application's
// credentials (a token is then fetched with client_credentials) or a pasted token.
struct ManagementAccess
{
    QUrl baseUrl; // https://acme.eu.auth0.com, or http://127.0.0.1:PORT for the local tenant
    QString clientId;
    SecretBytes clientSecret;
    SecretBytes token;

    bool usesToken() const { return !token.isEmpty(); }
    // Auth0's Management API audience is https://DOMAIN/api/v2/ (trailing slash).
    QString audience() const;
    QString domain() const { return baseUrl.authority(); }

    // Empty if fine, else what is missing or wrong, naming the field.
    QString problem() const;
    // When the pasted token expires (from its exp claim); invalid if unknown.
    QDateTime tokenExpiry() const;
};
