// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

class Router;
class UserLogins;

// GET /authorize (reference/auth0-api.md §2.4) with response_type=code: a plain HTML login
// form for the tenant's test users; POST /authorize checks the password, runs the rule chain
// and redirects to redirect_uri with ?code=…&state=… (or ?error=access_denied&… when the chain
// refused). PKCE S256 and plain. Wrong credentials show the form again with the error.
// Problems that make redirect_uri untrustworthy (unknown client, a redirect_uri not in its
// callbacks) answer a 400 page instead of redirecting, as Auth0 does.
namespace AuthorizeEndpoint {

void registerRoutes(Router &router, UserLogins &logins);

// Whether the client lists `redirectUri` among its callbacks. A loopback callback
// (http://127.0.0.1, http://[::1], http://localhost, any or no port) also allows the same
// scheme, host and path on any port: native apps listen on an ephemeral port (RFC 8252 §7.3).
bool isAllowedCallback(const QJsonObject &client, const QString &redirectUri);

} // namespace AuthorizeEndpoint
