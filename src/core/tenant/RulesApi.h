// SPDX-License-Identifier: MIT
#pragma once

class Router;
class Tenant;

namespace RulesApi {
void registerRoutes(Router &router, Tenant &tenant);
}
