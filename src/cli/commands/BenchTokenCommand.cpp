// SPDX-License-Identifier: MIT
#include "BenchTokenCommand.h"

#include "bench/TokenBenchmark.h"

#include <cstdio>

int BenchTokenCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption requestsOption(QStringLiteral("requests"), QStringLiteral("Token requests (default 2000)."),
                                            QStringLiteral("N"), QStringLiteral("2000"));
    const QCommandLineOption threadsOption(QStringLiteral("threads"), QStringLiteral("Client connections (default 2)."),
                                           QStringLiteral("T"), QStringLiteral("2"));
    parser.addOptions({requestsOption, threadsOption});
    int exitCode = Ok;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;
    bool ok = false;
    const int requests = parser.value(requestsOption).toInt(&ok);
    if (!ok || requests < 1) {
        printError(QStringLiteral("--requests must be a whole number above 0, got \"%1\"").arg(parser.value(requestsOption)));
        return BadInput;
    }
    const int threads = parser.value(threadsOption).toInt(&ok);
    if (!ok || threads < 1 || threads > 64) {
        printError(QStringLiteral("--threads must be from 1 to 64, got \"%1\"").arg(parser.value(threadsOption)));
        return BadInput;
    }
    QString error;
    const TokenBenchmarkResult result = TokenBenchmark::run(requests, threads, &error);
    if (!error.isEmpty()) {
        printError(error);
        return Failure;
    }
    std::printf("requests=%d threads=%d failures=%d\n", result.requests, result.threads, result.failures);
    std::printf("bare_rs256_signs_per_s_1_thread=%.0f\n", result.bareSignsPerSecondOneThread);
    std::printf("bare_rs256_signs_per_s=%.0f\n", result.bareSignsPerSecond);
    std::printf("http_tokens_per_s=%.0f\n", result.httpTokensPerSecond);
    std::printf("ratio=%.2f\n", result.ratio());
    return result.failures == 0 ? Ok : Failure;
}
