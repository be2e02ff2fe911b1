// SPDX-License-Identifier: MIT
#pragma once

#include "HttpExchange.h"

// Error bodies as Auth0 sends them (reference/auth0-api.md §0.2 and §2.2).
namespace ApiErrors {

// Management API (Hapi/Boom style): {statusCode, error, message, errorCode?}
HttpResponse management(int status, const QString &message, const QString &errorCode = QString());
// Authentication API: {error, error_description}
HttpResponse oauth(int status, const QString &error, const QString &description);
// A refused bearer token (RFC 6750 §3): the oauth body, and the reason in WWW-Authenticate too.
HttpResponse bearer(int status, const QString &error, const QString &description);

QString reasonPhrase(int status);

} // namespace ApiErrors
