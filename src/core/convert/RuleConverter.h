// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class QObject;
class RuleHost;
struct RuleHostReply;

// A construct of the rule that the converter left as it was, with the reason.
struct Unconverted
{
    int line = 0; // 1-based, in the rule's source
    QString construct;
    QString why;
};

// A rule converted into a post-login Action. When `failure` is set nothing was converted: the
// rule does not parse or is not one function (BadRule, `errorLine` when known), or the rule host
// could not be asked (HostUnavailable: Node missing, host not staged, host restarted).
struct ConversionResult
{
    enum class Failure { None, BadRule, HostUnavailable };

    QString actionSource;
    QStringList dependencies; // "axios@0.19.2", for the Action's dependencies
    QStringList secrets;      // the rule's configuration keys, now the Action's secrets
    QList<Unconverted> unconverted;
    Failure failure = Failure::None;
    QString error;
    int errorLine = 0;

    bool isConverted() const { return failure == Failure::None; }
    // Converted, and nothing was left for a person to finish.
    bool isComplete() const { return isConverted() && unconverted.isEmpty(); }
    // {"action", "dependencies", "secrets", "unconverted": [{"line", "construct", "why"}]}
    QJsonObject toJson() const;
    static ConversionResult fromHostReply(const RuleHostReply &reply);
};

// Converts rules into post-login Actions by asking the rule host (`convert` request). The work is
// done there, in JavaScript, with a real parser (acorn) and scope analysis (eslint-scope): names
// like `user` or `configuration` are rewritten only where they mean the rule's own, which a C++
// token rewrite could not tell. See src/rulehost/lib/convert/ for what converts and what is listed.
class RuleConverter
{
public:
    explicit RuleConverter(RuleHost &host)
        : m_host(host)
    {
    }

    // Runs a local event loop until the host answers; for the CLI and tests.
    ConversionResult convert(const QString &ruleSource);
    // Answers later, unless `context` is destroyed first; for the GUI.
    void convert(const QString &ruleSource, QObject *context, std::function<void(const ConversionResult &)> done);

    static QJsonObject request(const QString &ruleSource);

private:
    RuleHost &m_host;
};
