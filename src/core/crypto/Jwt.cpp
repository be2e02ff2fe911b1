// SPDX-License-Identifier: MIT
#include "Jwt.h"

#include "Base64Url.h"
#include "RsaKey.h"
#include "common/JsonUtil.h"

#include <QJsonArray>
#include <QMessageAuthenticationCode>

std::optional<Jwt> Jwt::decode(const QByteArray &token, QString *error)
{
    const auto fail = [error](const QString &why) -> std::optional<Jwt> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return fail(QStringLiteral("a JWT has three dot-separated parts, this has %1").arg(parts.size()));

    QByteArray header, payload;
    Jwt jwt;
    if (!Base64Url::decode(parts[0], &header) || !Base64Url::decode(parts[1], &payload)
        || !Base64Url::decode(parts[2], &jwt.signature))
        return fail(QStringLiteral("a JWT part is not base64url"));
    QString why;
    auto headerObject = JsonUtil::parseObject(header, &why);
    if (!headerObject)
        return fail(QStringLiteral("JWT header: ") + why);
    auto payloadObject = JsonUtil::parseObject(payload, &why);
    if (!payloadObject)
        return fail(QStringLiteral("JWT payload: ") + why);
    jwt.header = *headerObject;
    jwt.payload = *payloadObject;
    jwt.signingInput = parts[0] + '.' + parts[1];
    return jwt;
}

QByteArray Jwt::signRs256(const QJsonObject &payload, const RsaKey &key, const QString &kid, const QString &type)
{
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("RS256")},
                             {QStringLiteral("typ"), type},
                             {QStringLiteral("kid"), kid}};
    const QByteArray input = Base64Url::encode(JsonUtil::compact(header)) + '.'
        + Base64Url::encode(JsonUtil::compact(payload));
    return input + '.' + Base64Url::encode(key.signSha256(input));
}

QByteArray Jwt::signHs256(const QJsonObject &payload, const QByteArray &secret)
{
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("HS256")}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
    const QByteArray input = Base64Url::encode(JsonUtil::compact(header)) + '.' + Base64Url::encode(JsonUtil::compact(payload));
    return input + '.' + Base64Url::encode(QMessageAuthenticationCode::hash(input, secret, QCryptographicHash::Sha256));
}

namespace {

bool audienceMatches(const QJsonValue &aud, const QStringList &expected)
{
    if (aud.isString())
        return expected.contains(aud.toString());
    for (const QJsonValue &value : aud.toArray()) {
        if (expected.contains(value.toString()))
            return true;
    }
    return false;
}

} // namespace

JwtVerification verifyJwt(const QByteArray &token, const JwkSet &keys, const JwtExpectations &expect)
{
    JwtVerification result;
    QString why;
    auto decoded = Jwt::decode(token, &why);
    if (!decoded) {
        result.message = QStringLiteral("malformed token: ") + why;
        return result;
    }
    result.token = *decoded;
    const QJsonObject &header = result.token.header;
    const QJsonObject &claims = result.token.payload;

    const auto fail = [&result](JwtStatus status, const QString &message) {
        result.status = status;
        result.message = message;
        return result;
    };
    const QString alg = header.value(QLatin1String("alg")).toString();
    if (alg != QLatin1String("RS256"))
        return fail(JwtStatus::UnsupportedAlgorithm,
                    QStringLiteral("signing algorithm \"%1\" is not RS256").arg(alg));
    const QString kid = header.value(QLatin1String("kid")).toString();
    const RsaKey key = keys.find(kid);
    if (key.isNull())
        return fail(JwtStatus::UnknownKey, QStringLiteral("no key with kid \"%1\" in the JWKS").arg(kid));
    if (!key.verifySha256(result.token.signingInput, result.token.signature))
        return fail(JwtStatus::BadSignature, QStringLiteral("signature does not match the key \"%1\"").arg(kid));

    const QJsonValue exp = claims.value(QLatin1String("exp"));
    if (expect.requireExpiry && !exp.isDouble())
        return fail(JwtStatus::Malformed, QStringLiteral("token has no expiry (exp)"));
    if (exp.isDouble() && qint64(exp.toDouble()) + expect.leewaySecs <= expect.now)
        return fail(JwtStatus::Expired, QStringLiteral("token expired"));
    const QJsonValue nbf = claims.value(QLatin1String("nbf"));
    if (nbf.isDouble() && qint64(nbf.toDouble()) - expect.leewaySecs > expect.now)
        return fail(JwtStatus::NotYetValid, QStringLiteral("token not valid yet (nbf)"));
    if (!expect.issuer.isEmpty() && claims.value(QLatin1String("iss")).toString() != expect.issuer)
        return fail(JwtStatus::WrongIssuer, QStringLiteral("issuer \"%1\" is not \"%2\"")
                                                .arg(claims.value(QLatin1String("iss")).toString(), expect.issuer));
    if (!expect.audiences.isEmpty() && !audienceMatches(claims.value(QLatin1String("aud")), expect.audiences))
        return fail(JwtStatus::WrongAudience,
                    QStringLiteral("audience is not %1").arg(expect.audiences.join(QStringLiteral(" or "))));
    result.status = JwtStatus::Valid;
    return result;
}
