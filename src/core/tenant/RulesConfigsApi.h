// SPDX-License-Identifier: MIT
#pragma once

class Router;
class Tenant;

namespace RulesConfigsApi {
void registerRoutes(Router &router, Tenant &tenant);
}
