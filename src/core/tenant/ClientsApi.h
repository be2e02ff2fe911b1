// SPDX-License-Identifier: MIT
#pragma once

class Router;
class Tenant;

namespace ClientsApi {
void registerRoutes(Router &router, Tenant &tenant);
}
