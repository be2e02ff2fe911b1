// SPDX-License-Identifier: MIT
#include "TokenMinter.h"

#include "TokenSigner.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

namespace {

// OpenID Connect Core §5.4: the claims each standard scope releases.
const QStringList ProfileClaims { QStringLiteral("name"),       QStringLiteral("family_name"),
                                  QStringLiteral("given_name"), QStringLiteral("middle_name"),
                                  QStringLiteral("nickname"),   QStringLiteral("preferred_username"),
                                  QStringLiteral("profile"),    QStringLiteral("picture"),
                                  QStringLiteral("website"),    QStringLiteral("gender"),
                                  QStringLiteral("birthdate"),  QStringLiteral("zoneinfo"),
                                  QStringLiteral("locale"),     QStringLiteral("updated_at") };

QStringList requestedScopes(const QJsonObject &context)
{
    const QJsonValue scope = context.value(QLatin1String("request"))
                                 .toObject()
                                 .value(QLatin1String("query"))
                                 .toObject()
                                 .value(QLatin1String("scope"));
    return scope.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

QString requestedAudience(const QJsonObject &context)
{
    return context.value(QLatin1String("request"))
        .toObject()
        .value(QLatin1String("query"))
        .toObject()
        .value(QLatin1String("audience"))
        .toString();
}

// gty is set for these grants only (auth0-api.md §3); interactive logins carry none.
QString grantType(const QString &protocol)
{
    if (protocol == QLatin1String("oauth2-password") || protocol == QLatin1String("oauth2-resource-owner"))
        return QStringLiteral("password");
    if (protocol == QLatin1String("oauth2-refresh-token"))
        return QStringLiteral("refresh_token");
    return {};
}

int lineOf(const QString &source, qsizetype at)
{
    return int(QStringView(source).left(at).count(QLatin1Char('\n'))) + 1;
}

qsizetype findClaim(const QString &source, const QString &claim, const QString &tokenField)
{
    for (const QChar quote : { QLatin1Char('\''), QLatin1Char('"'), QLatin1Char('`') }) {
        const qsizetype at = source.indexOf(quote + claim + quote);
        if (at >= 0)
            return at;
    }
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_$][A-Za-z0-9_$]*$"));
    if (identifier.match(claim).hasMatch()) {
        const QRegularExpression member(
            QStringLiteral("%1\\s*\\.\\s*%2\\b").arg(tokenField, QRegularExpression::escape(claim)));
        const auto match = member.match(source);
        if (match.hasMatch())
            return match.capturedStart();
    }
    // NAMESPACE + 'claim': the namespace literal is in the source, the whole name is not.
    const qsizetype slash = claim.lastIndexOf(QLatin1Char('/'));
    if (ClaimRules::isNamespaced(claim) && slash > 8) {
        // The line that adds the name's last part is where the claim is set; else the namespace.
        const QString suffix = claim.mid(slash + 1);
        for (const QChar quote : { QLatin1Char('\''), QLatin1Char('"'), QLatin1Char('`') }) {
            const qsizetype at = suffix.isEmpty() ? -1 : source.indexOf(quote + suffix + quote);
            if (at >= 0)
                return at;
        }
        const QString ns = claim.left(slash + 1);
        for (const QChar quote : { QLatin1Char('\''), QLatin1Char('"'), QLatin1Char('`') }) {
            const qsizetype at = source.indexOf(quote + ns);
            if (at >= 0)
                return at;
        }
    }
    return -1;
}

} // namespace

int TokenMinter::attribute(const QString &claim, ClaimRules::Token token, const RuleChain &chain, int *line)
{
    const QString field
        = token == ClaimRules::Token::Id ? QStringLiteral("idToken") : QStringLiteral("accessToken");
    int found = -1;
    for (int i = 0; i < chain.size(); ++i) {
        const QString &source = chain.rules.at(i).source;
        if (!source.contains(field))
            continue;
        const qsizetype at = findClaim(source, claim, field);
        if (at < 0)
            continue;
        if (found >= 0)
            return -1; // more than one rule could have set it
        found = i;
        if (line)
            *line = lineOf(source, at);
    }
    return found;
}

QJsonObject TokenMinter::scopedProfileClaims(const QJsonObject &user, const QStringList &scopes)
{
    QJsonObject claims;
    if (scopes.contains(QLatin1String("profile"))) {
        for (const QString &claim : ProfileClaims) {
            if (user.contains(claim))
                claims.insert(claim, user.value(claim));
        }
    }
    if (scopes.contains(QLatin1String("email"))) {
        for (const QLatin1String claim : { QLatin1String("email"), QLatin1String("email_verified") }) {
            if (user.contains(claim))
                claims.insert(claim, user.value(claim));
        }
    }
    if (scopes.contains(QLatin1String("phone")) && user.contains(QLatin1String("phone_number"))) {
        claims.insert(QStringLiteral("phone_number"), user.value(QLatin1String("phone_number")));
        claims.insert(QStringLiteral("phone_number_verified"), user.value(QLatin1String("phone_verified")).toBool());
    }
    return claims;
}

QByteArray TokenMinter::managementToken(const TokenSigner &signer, const QString &clientId, qint64 issuedAt)
{
    const QString audience = signer.issuer() + QStringLiteral("api/v2/");
    return signer.sign({ { QStringLiteral("iss"), signer.issuer() },
                         { QStringLiteral("sub"), clientId + QStringLiteral("@clients") },
                         { QStringLiteral("aud"), audience },
                         { QStringLiteral("iat"), double(issuedAt) },
                         { QStringLiteral("exp"), double(issuedAt + 86400) },
                         { QStringLiteral("azp"), clientId },
                         { QStringLiteral("scope"), QStringLiteral("read:users update:users") },
                         { QStringLiteral("gty"), QStringLiteral("client-credentials") } });
}

// An Auth0 API is the tenant's own Management API (auth0-api.md §3), whether the tenant is
// addressed by its issuer URL or, as SDKs do, by https://DOMAIN.
bool TokenMinter::isAuth0Api(const QString &audience) const
{
    auto port = [](const QUrl &url) { return url.port(url.scheme() == QLatin1String("http") ? 80 : 443); };
    const QUrl issuer(m_signer.issuer());
    const QUrl url(audience);
    return url.host().compare(issuer.host(), Qt::CaseInsensitive) == 0 && port(url) == port(issuer)
        && url.path().startsWith(QLatin1String("/api/v2"));
}

void TokenMinter::addDropped(Tokens &tokens, const ClaimRules::Filtered &filtered,
                             const RuleChain &chain) const
{
    for (const ClaimRules::Dropped &dropped : filtered.dropped) {
        int line = 0;
        const int index = attribute(dropped.claim, dropped.token, chain, &line);
        Finding finding;
        finding.rule = index >= 0 ? chain.rules.at(index).name : QStringLiteral("chain");
        finding.code = QStringLiteral("claim-dropped");
        finding.severity = QStringLiteral("warning");
        if (index >= 0)
            finding.line = line;
        finding.message = dropped.reason;
        tokens.findings << finding;
    }
}

TokenMinter::Tokens TokenMinter::mint(const QJsonObject &user, const QJsonObject &context, qint64 issuedAt,
                                      const RuleChain &chain) const
{
    Tokens tokens;
    const QString issuer = m_signer.issuer();
    const QString clientId = context.value(QLatin1String("clientID")).toString();
    const QString subject = user.value(QLatin1String("user_id")).toString();
    const QStringList scopes = requestedScopes(context);
    const bool openid = scopes.contains(QLatin1String("openid"));
    const QJsonObject query
        = context.value(QLatin1String("request")).toObject().value(QLatin1String("query")).toObject();

    // ID token: only for OpenID Connect requests.
    const ClaimRules::Filtered idCustom
        = ClaimRules::filter(ClaimRules::Token::Id, context.value(QLatin1String("idToken")).toObject());
    addDropped(tokens, idCustom, chain);
    if (openid) {
        QJsonObject id { { QStringLiteral("iss"), issuer },
                         { QStringLiteral("sub"), subject },
                         { QStringLiteral("aud"), clientId },
                         { QStringLiteral("iat"), double(issuedAt) },
                         { QStringLiteral("exp"), double(issuedAt + m_options.idTokenLifetimeSecs) } };
        const QJsonObject profile = scopedProfileClaims(user, scopes);
        for (auto it = profile.begin(); it != profile.end(); ++it)
            id.insert(it.key(), it.value());
        for (auto it = idCustom.kept.begin(); it != idCustom.kept.end(); ++it)
            id.insert(it.key(), it.value());
        if (query.contains(QLatin1String("nonce")))
            id.insert(QStringLiteral("nonce"), query.value(QLatin1String("nonce")));
        if (context.contains(QLatin1String("sessionID")))
            id.insert(QStringLiteral("sid"), context.value(QLatin1String("sessionID")));
        tokens.idClaims = id;
    }

    // Access token.
    const QString audience = requestedAudience(context);
    const QJsonObject accessCustomIn = context.value(QLatin1String("accessToken")).toObject();
    const ClaimRules::Filtered accessCustom = ClaimRules::filter(ClaimRules::Token::Access, accessCustomIn,
                                                                 !audience.isEmpty() && isAuth0Api(audience));
    addDropped(tokens, accessCustom, chain);
    QString scopeProblem;
    const auto scopeOverride = ClaimRules::scopeOverride(accessCustomIn, &scopeProblem);
    if (!scopeProblem.isEmpty()) {
        int line = 0;
        const int index = attribute(QStringLiteral("scope"), ClaimRules::Token::Access, chain, &line);
        tokens.findings << Finding { index >= 0 ? chain.rules.at(index).name : QStringLiteral("chain"),
                                     QStringLiteral("claim-dropped"), QStringLiteral("warning"),
                                     index >= 0 ? std::optional<int>(line) : std::nullopt, scopeProblem };
    }
    const QString userinfo = issuer + QStringLiteral("userinfo");
    QJsonValue aud = userinfo;
    if (!audience.isEmpty())
        aud = openid && audience != userinfo ? QJsonValue(QJsonArray { audience, userinfo })
                                             : QJsonValue(audience);
    QJsonObject access { { QStringLiteral("iss"), issuer },
                         { QStringLiteral("sub"), subject },
                         { QStringLiteral("aud"), aud },
                         { QStringLiteral("iat"), double(issuedAt) },
                         { QStringLiteral("exp"), double(issuedAt + m_options.accessTokenLifetimeSecs) },
                         { QStringLiteral("azp"), clientId },
                         { QStringLiteral("scope"),
                           (scopeOverride ? *scopeOverride : scopes).join(QLatin1Char(' ')) } };
    const QString gty = grantType(context.value(QLatin1String("protocol")).toString());
    if (!gty.isEmpty())
        access.insert(QStringLiteral("gty"), gty);
    for (auto it = accessCustom.kept.begin(); it != accessCustom.kept.end(); ++it)
        access.insert(it.key(), it.value());
    tokens.accessClaims = access;

    for (const auto *filtered : { &idCustom, &accessCustom }) {
        if (filtered->payloadBytes > ClaimRules::MaxCustomClaimsBytes) {
            const QString token = ClaimRules::tokenName(filtered == &idCustom ? ClaimRules::Token::Id
                                                                              : ClaimRules::Token::Access);
            tokens.failure = QStringLiteral("The custom claims of the %1 are %2 bytes; Auth0 fails logins "
                                            "whose custom claims exceed 100 KB.")
                                 .arg(token)
                                 .arg(filtered->payloadBytes);
            tokens.findings << Finding { QStringLiteral("chain"), QStringLiteral("claims-too-large"),
                                         QStringLiteral("error"), std::nullopt, tokens.failure };
            return tokens;
        }
    }
    if (m_options.sign) {
        if (openid)
            tokens.idToken = m_signer.sign(tokens.idClaims);
        tokens.accessToken = m_signer.sign(tokens.accessClaims);
    }
    return tokens;
}
