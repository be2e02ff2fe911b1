// SPDX-License-Identifier: MIT
#pragma once

class Router;
class Tenant;

// /.well-known/openid-configuration and /.well-known/jwks.json (reference/auth0-api.md §2.5)
namespace DiscoveryApi {
void registerRoutes(Router &router, Tenant &tenant);
}
