// SPDX-License-Identifier: MIT
#pragma once

class Router;
class Tenant;

// /api/v2/resource-servers (reference/auth0-api.md §1.1)
namespace ResourceServersApi {
void registerRoutes(Router &router, Tenant &tenant);
}
