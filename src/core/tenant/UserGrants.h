// SPDX-License-Identifier: MIT
#pragma once

#include "TokenEndpoint.h"

class UserLogins;

// The user grants of POST /oauth/token (reference/auth0-api.md §2.1): password and
// password-realm (resource owner), authorization_code (with PKCE), refresh_token. Each user
// login runs the tenant's rule chain; the errors are Auth0's (§2.2).
namespace UserGrants {

QHash<QString, TokenEndpoint::GrantHandler> handlers(UserLogins &logins);

} // namespace UserGrants
