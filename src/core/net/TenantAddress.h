// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QUrl>

// Turns what a user types for a tenant ("acme.eu.auth0.com", "https://acme.eu.auth0.com/",
// "127.0.0.1:4321") into a base URL. HTTPS always, except loopback addresses, which may be
// plain HTTP (the local tenant).
namespace TenantAddress {

// An invalid QUrl with *error set when the input cannot name a tenant.
QUrl baseUrl(const QString &input, QString *error);
bool isLoopback(const QUrl &url);

} // namespace TenantAddress
