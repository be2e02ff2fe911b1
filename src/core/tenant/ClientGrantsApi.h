// SPDX-License-Identifier: MIT
#pragma once

class Router;
class Tenant;

namespace ClientGrantsApi {
void registerRoutes(Router &router, Tenant &tenant);
}
