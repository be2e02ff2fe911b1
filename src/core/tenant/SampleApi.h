// SPDX-License-Identifier: MIT
#pragma once

class Router;
class Tenant;

// /sample-api/…: a protected API for rules to call, the wizard's default target. It checks the
// bearer token like a real resource server would (signature through the tenant's JWKS, issuer,
// audience = any API registered on the tenant, and a scope per route) and echoes what it saw.
//   GET  /sample-api/public      no token needed
//   GET  /sample-api/profile     any valid token
//   GET  /sample-api/messages    scope read:messages
//   POST /sample-api/messages    scope create:messages
namespace SampleApi {
void registerRoutes(Router &router, Tenant &tenant);
}
