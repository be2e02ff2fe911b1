// SPDX-License-Identifier: MIT
#pragma once

class Router;
class Tenant;

// GET/POST /userinfo (OpenID Connect Core §5.3): for an access token of a user login that holds
// the openid scope (its aud includes https://DOMAIN/userinfo), the user's profile claims as the
// token's scopes release them, read from the user as stored now.
namespace UserInfoEndpoint {

void registerRoutes(Router &router, Tenant &tenant);

} // namespace UserInfoEndpoint
