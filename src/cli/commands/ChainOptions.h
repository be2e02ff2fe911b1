// SPDX-License-Identifier: MIT
#pragma once

#include "rules/LoginSimulator.h"

#include <optional>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QStringList>

// The options that say what one login runs, declared once for `simulate` and `bench`:
// --rule FILE… (and more rule files as arguments), --action, --user, --context, --config,
// --secrets, --timeout-ms, --now. Each command picks the ones it takes.
class ChainOptions
{
public:
    enum Option
    {
        Actions = 0x1, // --action FILE…
        Secrets = 0x2, // --secrets FILE
        Now = 0x4, // --now ISO-8601
    };
    explicit ChainOptions(int optional);

    void addTo(QCommandLineParser &parser) const;
    // The rule files, --rule ones first, then the positional arguments.
    QStringList ruleFiles(const QCommandLineParser &parser) const;
    // Reads and checks every file and value; configuration is as written (no ${…} replaced).
    // On failure *error names the option or the file.
    std::optional<SimulationInputs> read(const QCommandLineParser &parser, QString *error) const;

private:
    int m_optional;
    QCommandLineOption m_rule;
    QCommandLineOption m_action;
    QCommandLineOption m_user;
    QCommandLineOption m_context;
    QCommandLineOption m_config;
    QCommandLineOption m_secrets;
    QCommandLineOption m_timeout;
    QCommandLineOption m_now;
};
