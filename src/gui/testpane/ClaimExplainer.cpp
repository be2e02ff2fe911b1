// SPDX-License-Identifier: MIT
#include "ClaimExplainer.h"

#include "rules/TokenMinter.h"

#include <QCoreApplication>
#include <QHash>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ClaimExplainer", text);
}

} // namespace

QString ClaimExplainer::origin(const QString &claim, ClaimRules::Token token) const
{
    static const QHash<QString, const char *> standard {
        { QStringLiteral("iss"),
          QT_TRANSLATE_NOOP("ClaimExplainer", "Auth0: the tenant that issued the token") },
        { QStringLiteral("sub"), QT_TRANSLATE_NOOP("ClaimExplainer", "Auth0: user.user_id") },
        { QStringLiteral("iat"), QT_TRANSLATE_NOOP("ClaimExplainer", "Auth0: when the token was issued") },
        { QStringLiteral("exp"), QT_TRANSLATE_NOOP("ClaimExplainer", "Auth0: iat + the token lifetime") },
        { QStringLiteral("nonce"),
          QT_TRANSLATE_NOOP("ClaimExplainer", "Auth0: the nonce of the authorization request") },
        { QStringLiteral("sid"), QT_TRANSLATE_NOOP("ClaimExplainer", "Auth0: the login session") },
        { QStringLiteral("azp"),
          QT_TRANSLATE_NOOP("ClaimExplainer", "Auth0: the application (context.clientID)") },
        { QStringLiteral("scope"),
          QT_TRANSLATE_NOOP("ClaimExplainer", "Auth0: the requested scopes, or context.accessToken.scope") },
        { QStringLiteral("gty"),
          QT_TRANSLATE_NOOP("ClaimExplainer", "Auth0: the grant type (password, refresh_token)") },
        { QStringLiteral("email"),
          QT_TRANSLATE_NOOP("ClaimExplainer", "Auth0: the user's profile (scope email)") },
        { QStringLiteral("email_verified"),
          QT_TRANSLATE_NOOP("ClaimExplainer", "Auth0: the user's profile (scope email)") },
    };
    if (claim == QLatin1String("aud"))
        return token == ClaimRules::Token::Id
            ? tr("Auth0: the application (context.clientID)")
            : tr("Auth0: the requested audience (and /userinfo with openid)");
    if (standard.contains(claim))
        return tr(standard.value(claim));
    int line = 0;
    const int index = TokenMinter::attribute(claim, token, m_chain, &line);
    if (index >= 0) {
        const RuleSource &rule = m_chain.rules.at(index);
        const QString who = rule.kind == QLatin1String("action") ? tr("Action %1").arg(rule.name)
                                                                 : tr("rule %1").arg(rule.name);
        return line > 0 ? tr("%1, line %2").arg(who).arg(line) : who;
    }
    if (ClaimRules::isProfileClaim(claim))
        return tr("Auth0: the user's profile (scope profile)");
    return token == ClaimRules::Token::Id ? tr("the rules (context.idToken)")
                                          : tr("the rules (context.accessToken)");
}
