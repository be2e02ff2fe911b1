// SPDX-License-Identifier: MIT
#pragma once

class Router;
class Tenant;

namespace UsersApi {
void registerRoutes(Router &router, Tenant &tenant);
}
