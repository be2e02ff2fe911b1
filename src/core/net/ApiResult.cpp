// SPDX-License-Identifier: MIT
#include "ApiResult.h"
