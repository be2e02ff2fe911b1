// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

// client_credentials tokens per second through the whole HTTP path of a local tenant, next to
// the bare RS256 signing rate measured in the same run with the same key size and thread count.
struct TokenBenchmarkResult
{
    int requests = 0;
    int threads = 0;
    int failures = 0;
    double httpTokensPerSecond = 0;
    double bareSignsPerSecond = 0;          // same number of threads
    double bareSignsPerSecondOneThread = 0;
    double ratio() const { return bareSignsPerSecond > 0 ? httpTokensPerSecond / bareSignsPerSecond : 0; }
};

namespace TokenBenchmark {
// Starts an in-memory local tenant with an API, an M2M client and its grant, then runs.
TokenBenchmarkResult run(int requests, int threads, QString *error);
}
