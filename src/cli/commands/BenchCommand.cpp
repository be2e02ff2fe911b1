// SPDX-License-Identifier: MIT
#include "BenchCommand.h"

#include "common/Clock.h"
#include "ChainOptions.h"
#include "rules/LoginContextBuilder.h"
#include "rules/NodeRuntime.h"
#include "rules/TokenMinter.h"
#include "RuleSession.h"

#include <algorithm>
#include <cstdio>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

namespace {

double percentile(std::vector<double> sorted, double p)
{
    if (sorted.empty())
        return 0;
    std::sort(sorted.begin(), sorted.end());
    return sorted[std::min(sorted.size() - 1, size_t(p * double(sorted.size())))];
}

// The host's bench/bare-vm-loop.js: staged with the host, or beside the rules' folder in a
// source tree (src/rulehost/bench/rules/*.js -> src/rulehost/bench/bare-vm-loop.js).
QString findBareLoop(const QString &given, const QStringList &ruleFiles)
{
    if (!given.isEmpty())
        return given;
    QStringList candidates {
        QDir(NodeRuntime::defaultHostDir()).filePath(QStringLiteral("bench/bare-vm-loop.js"))
    };
    for (const QString &rule : ruleFiles) {
        QDir dir = QFileInfo(rule).absoluteDir();
        for (int up = 0; up < 3; ++up) {
            candidates << dir.filePath(QStringLiteral("bare-vm-loop.js"));
            if (!dir.cdUp())
                break;
        }
    }
    for (const QString &candidate : candidates) {
        if (QFileInfo::exists(candidate))
            return candidate;
    }
    return {};
}

bool writeJson(const QString &path, const QJsonObject &object)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(QJsonDocument(object).toJson()) > 0;
}

} // namespace

int BenchCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    const ChainOptions chainOptions(0);
    chainOptions.addTo(parser);
    const QCommandLineOption loginsOption(QStringLiteral("logins"),
                                          QStringLiteral("Simulated logins to time (default 10000)."),
                                          QStringLiteral("N"), QStringLiteral("10000"));
    const QCommandLineOption warmupOption(
        QStringLiteral("warmup"), QStringLiteral("Untimed logins first (default 2000, as the bare loop)."),
        QStringLiteral("N"), QStringLiteral("2000"));
    const QCommandLineOption tokensOption(
        QStringLiteral("with-tokens"),
        QStringLiteral("Also sign each login's ID and access token (RS256, throw-away key) and include that "
                       "time in logins_per_s."));
    const QCommandLineOption bareOption(
        QStringLiteral("compare-bare"),
        QStringLiteral("Also run the bare Node vm loop (rulehost bench/bare-vm-loop.js) on the same rules "
                       "and inputs in this run; prints bare_vm_logins_per_s and ratio."));
    const QCommandLineOption bareLoopOption(
        QStringLiteral("bare-loop"), QStringLiteral("Path of bare-vm-loop.js, if not found by itself."),
        QStringLiteral("FILE"));
    const QCommandLineOption latencyOption(
        QStringLiteral("latency"),
        QStringLiteral("Also time N warm single `run` round trips through RuleHost (with --with-tokens: "
                       "whole simulated logins); prints p50/p99 in µs."),
        QStringLiteral("N"));
    parser.addOptions({ loginsOption, warmupOption, tokensOption, bareOption, bareLoopOption, latencyOption });
    int exitCode = Ok;
    if (!parse(parser, arguments, &exitCode))
        return exitCode;

    QString error;
    const QStringList ruleFiles = chainOptions.ruleFiles(parser);
    const auto inputs = chainOptions.read(parser, &error);
    if (!inputs) {
        printError(error);
        return BadInput;
    }
    bool loginsOk = false;
    bool warmupOk = false;
    const int logins = parser.value(loginsOption).toInt(&loginsOk);
    const int warmup = parser.value(warmupOption).toInt(&warmupOk);
    if (!loginsOk || !warmupOk || logins < 1 || warmup < 0) {
        printError(QStringLiteral("--logins and --warmup: whole numbers (logins above 0)"));
        return BadInput;
    }
    const int latencyRuns = parser.isSet(latencyOption) ? parser.value(latencyOption).toInt() : 0;
    if (parser.isSet(latencyOption) && latencyRuns < 1) {
        printError(
            QStringLiteral("--latency: a whole number above 0, got \"%1\"").arg(parser.value(latencyOption)));
        return BadInput;
    }
    QString bareLoop;
    if (parser.isSet(bareOption)) {
        bareLoop = findBareLoop(parser.value(bareLoopOption), ruleFiles);
        if (bareLoop.isEmpty()) {
            printError(QStringLiteral("--compare-bare: bare-vm-loop.js not found in %1/bench or beside the "
                                      "rules; give --bare-loop FILE")
                           .arg(NodeRuntime::defaultHostDir()));
            return BadInput;
        }
    }

    // The same inputs for the host and the bare loop: the user and context after Auth0's defaults.
    LoginContextBuilder::Options contextOptions;
    contextOptions.now = QDateTime::currentDateTimeUtc();
    const LoginContextBuilder builder(contextOptions);
    const QJsonObject fullUser = builder.user(inputs->user);
    const QJsonObject fullContext = builder.context(inputs->context, fullUser);

    RuleHost host;
    if (!host.startAndWait(&error)) {
        printError(QStringLiteral("the rule host cannot start: %1").arg(error));
        return Failure;
    }
    QJsonObject request { { QStringLiteral("type"), QStringLiteral("bench") },
                          { QStringLiteral("sandbox"), QStringLiteral("bench") },
                          { QStringLiteral("chain"), inputs->chain.toJson() },
                          { QStringLiteral("user"), fullUser },
                          { QStringLiteral("context"), fullContext },
                          { QStringLiteral("configuration"), inputs->configuration },
                          { QStringLiteral("auth0"),
                            QJsonObject { { QStringLiteral("domain"), contextOptions.domain } } },
                          { QStringLiteral("timeout_ms"), inputs->timeoutMs } };
    if (warmup > 0) {
        request.insert(QStringLiteral("logins"), warmup);
        host.sendAndWait(request);
    }
    request.insert(QStringLiteral("logins"), logins);
    const RuleHostReply reply = host.sendAndWait(request);
    if (reply.response.value(QLatin1String("type")).toString() != QLatin1String("bench_result")) {
        printError(QStringLiteral("the host's bench failed: %1").arg(reply.message));
        return Failure;
    }
    const QJsonObject bench = reply.response;
    const QJsonObject latency = bench.value(QLatin1String("latency_us")).toObject();
    double hostElapsedMs = bench.value(QLatin1String("elapsed_ms")).toDouble();
    printLine(QStringLiteral("rules=%1 logins=%2 warmup=%3 node=%4 isolation=%5")
              .arg(inputs->chain.size())
              .arg(logins)
              .arg(warmup)
              .arg(host.readyInfo().value(QLatin1String("node")).toString(), host.isolation()));
    printLine(QStringLiteral("host_elapsed_ms=%1").arg(hostElapsedMs, 0, 'f', 1));
    printLine(QStringLiteral("host_logins_per_s=%1")
              .arg(bench.value(QLatin1String("logins_per_s")).toDouble(), 0, 'f', 0));
    printLine(QStringLiteral("host_latency_p50_us=%1 host_latency_p99_us=%2")
              .arg(latency.value(QLatin1String("p50")).toDouble(), 0, 'f', 1)
              .arg(latency.value(QLatin1String("p99")).toDouble(), 0, 'f', 1));
    printLine(QStringLiteral("outcomes=%1")
              .arg(QString::fromUtf8(QJsonDocument(bench.value(QLatin1String("outcomes")).toObject())
                                         .toJson(QJsonDocument::Compact))));

    // Signing is not in the host's loop: measured here on one login's result, N times.
    EphemeralTokenSigner signer;
    const double hostRate = bench.value(QLatin1String("logins_per_s")).toDouble();
    double loginsPerSecond = hostRate;
    if (parser.isSet(tokensOption)) {
        QJsonObject runRequest = request;
        runRequest.insert(QStringLiteral("type"), QStringLiteral("run"));
        runRequest.remove(QStringLiteral("logins"));
        const RuleHostReply one = host.sendAndWait(runRequest);
        const SimulationResult result = SimulationResult::fromHostResult(one.response);
        const TokenMinter minter(signer);
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < logins; ++i)
            minter.mint(result.user, result.context, Clock::system().nowSecs(), inputs->chain);
        const double signMs = double(timer.nsecsElapsed()) / 1e6;
        printLine(QStringLiteral("token_minting_per_s=%1 (ID + access token, RS256)")
                  .arg(logins / (signMs / 1000), 0, 'f', 0));
        loginsPerSecond = logins / ((hostElapsedMs + signMs) / 1000);
    }

    // The bare loop right after the host's run, so both see the same machine state.
    QStringList bareLines;
    double bareRateMeasured = 0;
    if (!bareLoop.isEmpty()) {
        QTemporaryDir folder;
        const QString userFile = folder.filePath(QStringLiteral("user.json"));
        const QString contextFile = folder.filePath(QStringLiteral("context.json"));
        const QString configFile = folder.filePath(QStringLiteral("configuration.json"));
        if (!folder.isValid() || !writeJson(userFile, fullUser) || !writeJson(contextFile, fullContext)
            || !writeJson(configFile, inputs->configuration)) {
            printError(QStringLiteral("--compare-bare: cannot write the inputs to a temporary folder"));
            return Failure;
        }
        QProcess bare;
        bare.setProgram(NodeRuntime::find());
        QStringList bareArguments { bareLoop,
                                    QStringLiteral("--user"),
                                    userFile,
                                    QStringLiteral("--context"),
                                    contextFile,
                                    QStringLiteral("--config"),
                                    configFile,
                                    QStringLiteral("--logins"),
                                    QString::number(logins) };
        for (const RuleSource &rule : inputs->chain.rules)
            bareArguments << rule.file;
        bare.setArguments(bareArguments);
        bare.start();
        if (!bare.waitForFinished(-1) || bare.exitCode() != 0) {
            printError(QStringLiteral("--compare-bare: %1 failed: %2")
                           .arg(bareLoop, QString::fromUtf8(bare.readAllStandardError())));
            return Failure;
        }
        static const QRegularExpression number(QStringLiteral("logins_per_s=(\\d+(?:\\.\\d+)?)"));
        const auto match = number.match(QString::fromUtf8(bare.readAllStandardOutput()));
        const double bareRate = match.hasMatch() ? match.captured(1).toDouble() : 0;
        bareLines << QStringLiteral("bare_vm_logins_per_s=%1").arg(bareRate, 0, 'f', 0);
        bareRateMeasured = bareRate;
    }
    if (latencyRuns > 0) {
        QJsonObject runRequest = request;
        runRequest.insert(QStringLiteral("type"), QStringLiteral("run"));
        runRequest.remove(QStringLiteral("logins"));
        TenantEndpoint endpoint;
        endpoint.domain = contextOptions.domain;
        LoginSimulator simulator(host, signer, endpoint, Clock::system());
        SimulationInputs latencyInputs = *inputs;
        latencyInputs.sandbox = QStringLiteral("bench");
        const bool whole = parser.isSet(tokensOption);
        std::vector<double> samples;
        samples.reserve(size_t(latencyRuns));
        const int warm = std::min(200, latencyRuns);
        for (int i = 0; i < warm + latencyRuns; ++i) {
            QElapsedTimer timer;
            timer.start();
            if (whole)
                simulator.runAndWait(latencyInputs);
            else
                host.sendAndWait(runRequest);
            if (i >= warm)
                samples.push_back(double(timer.nsecsElapsed()) / 1000.0);
        }
        printLine(QStringLiteral("latency_runs=%1 (%2) latency_p50_us=%3 latency_p99_us=%4")
                  .arg(latencyRuns)
                  .arg(whole ? QStringLiteral("LoginSimulator, tokens signed")
                             : QStringLiteral("RuleHost run round trip"))
                  .arg(percentile(samples, 0.5), 0, 'f', 1)
                  .arg(percentile(samples, 0.99), 0, 'f', 1));
    }

    if (!bareLines.isEmpty())
        bareLines << QStringLiteral("ratio=%1 (host bench / bare vm loop)")
                         .arg(bareRateMeasured > 0 ? hostRate / bareRateMeasured : 0, 0, 'f', 2);
    for (const QString &line : bareLines)
        printLine(line);
    printLine(QStringLiteral("logins_per_s=%1").arg(loginsPerSecond, 0, 'f', 0));
    return Ok;
}
