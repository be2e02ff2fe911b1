// SPDX-License-Identifier: MIT
#include "ChainOptions.h"

#include "rules/JsonFile.h"
#include "RuleSession.h"

ChainOptions::ChainOptions(int optional)
    : m_optional(optional)
    , m_rule(QStringLiteral("rule"), QStringLiteral("A rule file; repeat for a chain, in order."),
             QStringLiteral("FILE"))
    , m_action(QStringLiteral("action"), QStringLiteral("A post-login Action file; Actions run after the rules."),
               QStringLiteral("FILE"))
    , m_user(QStringLiteral("user"), QStringLiteral("The user (JSON). Auth0's defaults fill what it leaves out."),
             QStringLiteral("FILE"))
    , m_context(QStringLiteral("context"),
                QStringLiteral("Context fields (JSON), merged over Auth0-like defaults."), QStringLiteral("FILE"))
    , m_config(QStringLiteral("config"),
               QStringLiteral("The rules' configuration (JSON object of strings). With a tenant, "
                              "${TENANT_URL} and ${TENANT_DOMAIN} are replaced."),
               QStringLiteral("FILE"))
    , m_secrets(QStringLiteral("secrets"),
                QStringLiteral("Action secrets (JSON object of strings); masked in the trace."),
                QStringLiteral("FILE"))
    , m_timeout(QStringLiteral("timeout-ms"), QStringLiteral("Time for the whole chain (default 20000, as Auth0)."),
                QStringLiteral("MS"), QStringLiteral("20000"))
    , m_now(QStringLiteral("now"),
            QStringLiteral("Fix the clock the rules see and the tokens' iat/exp (ISO-8601, UTC if no offset)."),
            QStringLiteral("ISO-8601"))
{
}

void ChainOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOption(m_rule);
    if (m_optional & Actions)
        parser.addOption(m_action);
    parser.addOptions({ m_user, m_context, m_config });
    if (m_optional & Secrets)
        parser.addOption(m_secrets);
    parser.addOption(m_timeout);
    if (m_optional & Now)
        parser.addOption(m_now);
    parser.addPositionalArgument(
        QStringLiteral("FILE…"),
        QStringLiteral("More rule files, after the --rule ones (so `--rule rules/*.js` works)."));
}

QStringList ChainOptions::ruleFiles(const QCommandLineParser &parser) const
{
    return parser.values(m_rule) + parser.positionalArguments();
}

std::optional<SimulationInputs> ChainOptions::read(const QCommandLineParser &parser, QString *error) const
{
    const QStringList actions = (m_optional & Actions) ? parser.values(m_action) : QStringList();
    const auto chain = RuleSession::loadChain(ruleFiles(parser), actions, error);
    if (!chain)
        return std::nullopt;
    if (!parser.isSet(m_user)) {
        *error = QStringLiteral("--user: missing (a JSON file with the user)");
        return std::nullopt;
    }
    const auto optionalObject = [&](const QCommandLineOption &option, bool strings) -> std::optional<QJsonObject> {
        if (!parser.isSet(option))
            return QJsonObject();
        return strings ? JsonFile::readStringMap(parser.value(option), error)
                       : JsonFile::readObject(parser.value(option), error);
    };
    const auto user = JsonFile::readObject(parser.value(m_user), error);
    if (!user)
        return std::nullopt;
    const auto context = optionalObject(m_context, false);
    if (!context)
        return std::nullopt;
    const auto configuration = optionalObject(m_config, true);
    if (!configuration)
        return std::nullopt;
    const auto secrets = (m_optional & Secrets) ? optionalObject(m_secrets, true) : QJsonObject();
    if (!secrets)
        return std::nullopt;
    const auto timeout = RuleSession::parseTimeout(parser.value(m_timeout), error);
    if (!timeout)
        return std::nullopt;
    const auto now = (m_optional & Now) && parser.isSet(m_now) ? RuleSession::parseNow(parser.value(m_now), error)
                                                               : QDateTime();
    if (!now)
        return std::nullopt;

    SimulationInputs inputs;
    inputs.chain = *chain;
    inputs.user = *user;
    inputs.context = *context;
    inputs.configuration = *configuration;
    inputs.secrets = *secrets;
    inputs.timeoutMs = *timeout;
    inputs.now = *now;
    return inputs;
}
