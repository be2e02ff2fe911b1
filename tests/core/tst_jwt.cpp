// SPDX-License-Identifier: MIT
// Jwt: signing, decoding and verifyJwt(); the RSA JWK round trip and RFC 7638 thumbprints.
#include "common/JsonUtil.h"
#include "crypto/Base64Url.h"
#include "crypto/JwkSet.h"
#include "crypto/Jwt.h"
#include "crypto/RsaKey.h"

#include <QFile>
#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QTest>

Q_DECLARE_METATYPE(JwtStatus)

namespace {

constexpr qint64 Now = 1700000000;
const QString Kid = QStringLiteral("key-1");
const QString Issuer = QStringLiteral("https://rulebench.test/");
const QString Audience = QStringLiteral("https://api.test");

QByteArray part(const QJsonObject &object)
{
    return Base64Url::encode(JsonUtil::compact(object));
}

// A token with any header, signed RS256 with `key` whatever the header claims.
QByteArray rawToken(const QJsonObject &header, const QJsonObject &payload, const RsaKey &key)
{
    const QByteArray input = part(header) + '.' + part(payload);
    return input + '.' + Base64Url::encode(key.signSha256(input));
}

QJsonObject header(const QString &alg = QStringLiteral("RS256"), const QString &kid = Kid)
{
    QJsonObject h{{QStringLiteral("alg"), alg}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
    if (!kid.isNull())
        h.insert(QStringLiteral("kid"), kid);
    return h;
}

QJsonObject claims(const QJsonObject &extra = {})
{
    QJsonObject c{{QStringLiteral("iss"), Issuer},
                  {QStringLiteral("sub"), QStringLiteral("abc@clients")},
                  {QStringLiteral("aud"), Audience},
                  {QStringLiteral("iat"), Now - 60},
                  {QStringLiteral("exp"), Now + 3600}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        c.insert(it.key(), it.value());
    return c;
}

JwtExpectations expectations(int leeway = 0)
{
    JwtExpectations expect;
    expect.issuer = Issuer;
    expect.audiences = {Audience};
    expect.now = Now;
    expect.leewaySecs = leeway;
    return expect;
}

} // namespace

class tst_Jwt : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void signThenVerify_data();
    void signThenVerify();
    void signedHeaderNamesKey();

    void decodeRejects_data();
    void decodeRejects();

    void verifyStatus_data();
    void verifyStatus();
    void timeClaims_data();
    void timeClaims();
    void issuerAndAudience_data();
    void issuerAndAudience();

    void jwkRoundTrip();
    void jwkRejects_data();
    void jwkRejects();
    void jwkSetSkipsUnusableKeys();
    void thumbprintStableAcrossPem();
    void thumbprintMatchesRfc7638();

    void benchmarkSignRs256();

private:
    RsaKey m_key;
    RsaKey m_otherKey;
    JwkSet m_keys;
};

void tst_Jwt::initTestCase()
{
    m_key = RsaKey::generate();
    m_otherKey = RsaKey::generate();
    QVERIFY(m_key.hasPrivateKey());
    QVERIFY(m_key.thumbprint() != m_otherKey.thumbprint());
    m_keys.insert(Kid, RsaKey::fromJwk(m_key.publicJwk(Kid)));
}

void tst_Jwt::signThenVerify_data()
{
    QTest::addColumn<QJsonObject>("payload");
    QTest::newRow("m2m claims") << claims({{QStringLiteral("scope"), QStringLiteral("read:messages write:messages")},
                                          {QStringLiteral("gty"), QStringLiteral("client-credentials")}});
    QTest::newRow("audience array") << claims({{QStringLiteral("aud"), QJsonArray{Audience, QStringLiteral("https://x/userinfo")}}});
    QTest::newRow("unicode and nesting")
        << claims({{QStringLiteral("https://ns/profile"),
                    QJsonObject{{QStringLiteral("name"), QStringLiteral("Zoë Ünïcødé ✓")},
                                {QStringLiteral("roles"), QJsonArray{QStringLiteral("a"), QStringLiteral("b")}}}}});
    QTest::newRow("numbers and null") << claims({{QStringLiteral("n"), 1.5}, {QStringLiteral("z"), QJsonValue::Null}});
}

void tst_Jwt::signThenVerify()
{
    QFETCH(QJsonObject, payload);
    const QByteArray token = Jwt::signRs256(payload, m_key, Kid);
    QCOMPARE(token.count('.'), 2);

    QString error;
    const auto decoded = Jwt::decode(token, &error);
    QVERIFY2(decoded, qPrintable(error));
    QCOMPARE(decoded->payload, payload);

    const JwtVerification verification = verifyJwt(token, m_keys, expectations());
    QVERIFY2(verification.isValid(), qPrintable(verification.message));
    QCOMPARE(verification.token.payload, payload);
}

void tst_Jwt::signedHeaderNamesKey()
{
    const auto decoded = Jwt::decode(Jwt::signRs256(claims(), m_key, Kid));
    QVERIFY(decoded);
    QCOMPARE(decoded->header.value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
    QCOMPARE(decoded->header.value(QLatin1String("typ")).toString(), QStringLiteral("JWT"));
    QCOMPARE(decoded->header.value(QLatin1String("kid")).toString(), Kid);
    QCOMPARE(decoded->signature.size(), 256); // RSA-2048

    const auto accessToken = Jwt::decode(Jwt::signRs256(claims(), m_key, Kid, QStringLiteral("at+jwt")));
    QVERIFY(accessToken);
    QCOMPARE(accessToken->header.value(QLatin1String("typ")).toString(), QStringLiteral("at+jwt"));
    QVERIFY(verifyJwt(Jwt::signRs256(claims(), m_key, Kid, QStringLiteral("at+jwt")), m_keys, expectations()).isValid());
}

void tst_Jwt::decodeRejects_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("errorContains");
    const QByteArray body = part(claims());
    const QByteArray head = part(header());
    QTest::newRow("empty") << QByteArray() << QStringLiteral("this has 1");
    QTest::newRow("two parts") << head + '.' + body << QStringLiteral("three dot-separated parts, this has 2");
    QTest::newRow("five parts (JWE)") << head + '.' + body + ".a.b.c" << QStringLiteral("this has 5");
    QTest::newRow("header not base64url") << "eyJ!!!." + body + ".c2ln" << QStringLiteral("not base64url");
    QTest::newRow("standard base64 alphabet") << head + '.' + body + ".ab+/" << QStringLiteral("not base64url");
    QTest::newRow("header not JSON") << Base64Url::encode("not json") + '.' + body + ".c2ln"
                                     << QStringLiteral("JWT header: invalid JSON");
    QTest::newRow("header is an array") << Base64Url::encode("[1]") + '.' + body + ".c2ln"
                                        << QStringLiteral("JWT header: expected a JSON object");
    QTest::newRow("payload not JSON") << head + '.' + Base64Url::encode("{\"a\":") + ".c2ln"
                                      << QStringLiteral("JWT payload: invalid JSON");
}

void tst_Jwt::decodeRejects()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, errorContains);
    QString error;
    QVERIFY(!Jwt::decode(token, &error));
    QVERIFY2(error.contains(errorContains), qPrintable(error));

    const JwtVerification verification = verifyJwt(token, m_keys, expectations());
    QCOMPARE(verification.status, JwtStatus::Malformed);
    QVERIFY2(verification.message.contains(errorContains), qPrintable(verification.message));
}

void tst_Jwt::verifyStatus_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<JwtStatus>("status");
    QTest::addColumn<QString>("messageContains");

    const QByteArray valid = Jwt::signRs256(claims(), m_key, Kid);
    const QList<QByteArray> parts = valid.split('.');
    QTest::newRow("valid") << valid << JwtStatus::Valid << QString();

    const QByteArray widerScope = part(claims({{QStringLiteral("scope"), QStringLiteral("admin")}}));
    QTest::newRow("tampered payload") << parts[0] + '.' + widerScope + '.' + parts[2] << JwtStatus::BadSignature
                                      << Kid;
    QByteArray signature;
    QVERIFY(Base64Url::decode(parts[2], &signature));
    signature[10] = char(signature[10] ^ 0x01);
    QTest::newRow("tampered signature") << parts[0] + '.' + parts[1] + '.' + Base64Url::encode(signature)
                                        << JwtStatus::BadSignature << Kid;
    QTest::newRow("no signature") << parts[0] + '.' + parts[1] + '.' << JwtStatus::BadSignature << Kid;
    QTest::newRow("other key, same kid") << Jwt::signRs256(claims(), m_otherKey, Kid) << JwtStatus::BadSignature
                                         << Kid;
    QTest::newRow("unknown kid") << Jwt::signRs256(claims(), m_key, QStringLiteral("rotated-away"))
                                 << JwtStatus::UnknownKey << QStringLiteral("rotated-away");
    QTest::newRow("no kid") << rawToken(header(QStringLiteral("RS256"), QString()), claims(), m_key)
                            << JwtStatus::UnknownKey << QStringLiteral("kid");

    const QByteArray noneInput = part(header(QStringLiteral("none"))) + '.' + part(claims());
    QTest::newRow("alg none") << noneInput + '.' << JwtStatus::UnsupportedAlgorithm << QStringLiteral("\"none\"");
    // The classic confusion attack: HS256 keyed with the public key everyone can fetch.
    const QByteArray hsInput = part(header(QStringLiteral("HS256"))) + '.' + part(claims());
    const QByteArray hmac = QMessageAuthenticationCode::hash(
        hsInput, JsonUtil::compact(m_key.publicJwk(Kid)), QCryptographicHash::Sha256);
    QTest::newRow("alg HS256") << hsInput + '.' + Base64Url::encode(hmac) << JwtStatus::UnsupportedAlgorithm
                               << QStringLiteral("\"HS256\"");
    QTest::newRow("alg RS512") << rawToken(header(QStringLiteral("RS512")), claims(), m_key)
                               << JwtStatus::UnsupportedAlgorithm << QStringLiteral("\"RS512\"");
    QTest::newRow("alg missing") << rawToken(QJsonObject{{QStringLiteral("kid"), Kid}}, claims(), m_key)
                                 << JwtStatus::UnsupportedAlgorithm << QStringLiteral("not RS256");
    QTest::newRow("garbage") << QByteArray("garbage") << JwtStatus::Malformed << QStringLiteral("malformed");
}

void tst_Jwt::verifyStatus()
{
    QFETCH(QByteArray, token);
    QFETCH(JwtStatus, status);
    QFETCH(QString, messageContains);
    const JwtVerification verification = verifyJwt(token, m_keys, expectations());
    QVERIFY2(verification.status == status, qPrintable(verification.message));
    QVERIFY2(verification.message.contains(messageContains), qPrintable(verification.message));
}

void tst_Jwt::timeClaims_data()
{
    QTest::addColumn<QJsonObject>("timeClaims");
    QTest::addColumn<int>("leeway");
    QTest::addColumn<JwtStatus>("status");

    const auto exp = [](qint64 at) { return QJsonObject{{QStringLiteral("exp"), at}}; };
    const auto nbf = [](qint64 at) { return QJsonObject{{QStringLiteral("nbf"), at}}; };
    QTest::newRow("exp in a second") << exp(Now + 1) << 0 << JwtStatus::Valid;
    QTest::newRow("exp now") << exp(Now) << 0 << JwtStatus::Expired;
    QTest::newRow("exp a second ago") << exp(Now - 1) << 0 << JwtStatus::Expired;
    QTest::newRow("exp 10 s ago, leeway 30") << exp(Now - 10) << 30 << JwtStatus::Valid;
    QTest::newRow("exp 30 s ago, leeway 30") << exp(Now - 30) << 30 << JwtStatus::Expired;
    QTest::newRow("exp long ago") << exp(Now - 86400) << 60 << JwtStatus::Expired;
    QTest::newRow("nbf now") << nbf(Now) << 0 << JwtStatus::Valid;
    QTest::newRow("nbf in 10 s") << nbf(Now + 10) << 0 << JwtStatus::NotYetValid;
    QTest::newRow("nbf in 10 s, leeway 10") << nbf(Now + 10) << 10 << JwtStatus::Valid;
    QTest::newRow("nbf in 11 s, leeway 10") << nbf(Now + 11) << 10 << JwtStatus::NotYetValid;
}

void tst_Jwt::timeClaims()
{
    QFETCH(QJsonObject, timeClaims);
    QFETCH(int, leeway);
    QFETCH(JwtStatus, status);
    const QByteArray token = Jwt::signRs256(claims(timeClaims), m_key, Kid);
    const JwtVerification verification = verifyJwt(token, m_keys, expectations(leeway));
    QVERIFY2(verification.status == status, qPrintable(verification.message));
    if (status == JwtStatus::Expired)
        QCOMPARE(verification.message, QStringLiteral("token expired"));
}

void tst_Jwt::issuerAndAudience_data()
{
    QTest::addColumn<QJsonObject>("extra");
    QTest::addColumn<QString>("expectedIssuer");
    QTest::addColumn<QStringList>("expectedAudiences");
    QTest::addColumn<JwtStatus>("status");

    const QJsonObject none;
    const QStringList api{Audience};
    QTest::newRow("issuer matches") << none << Issuer << api << JwtStatus::Valid;
    QTest::newRow("issuer without trailing slash") << none << QStringLiteral("https://rulebench.test") << api
                                                   << JwtStatus::WrongIssuer;
    QTest::newRow("other issuer") << QJsonObject{{QStringLiteral("iss"), QStringLiteral("https://evil.test/")}}
                                  << Issuer << api << JwtStatus::WrongIssuer;
    QTest::newRow("issuer not checked") << QJsonObject{{QStringLiteral("iss"), QStringLiteral("https://any/")}}
                                        << QString() << api << JwtStatus::Valid;
    QTest::newRow("audience string, other api") << none << Issuer << QStringList{QStringLiteral("https://other")}
                                                << JwtStatus::WrongAudience;
    QTest::newRow("audience string, one of several")
        << none << Issuer << QStringList{QStringLiteral("https://other"), Audience} << JwtStatus::Valid;
    QTest::newRow("audience array contains")
        << QJsonObject{{QStringLiteral("aud"), QJsonArray{QStringLiteral("https://x/userinfo"), Audience}}} << Issuer
        << api << JwtStatus::Valid;
    QTest::newRow("audience array lacks")
        << QJsonObject{{QStringLiteral("aud"), QJsonArray{QStringLiteral("https://x/userinfo")}}} << Issuer << api
        << JwtStatus::WrongAudience;
    QTest::newRow("audience missing") << QJsonObject{{QStringLiteral("aud"), QJsonValue::Null}} << Issuer << api
                                      << JwtStatus::WrongAudience;
    QTest::newRow("audience not checked") << QJsonObject{{QStringLiteral("aud"), QStringLiteral("https://any")}}
                                          << Issuer << QStringList() << JwtStatus::Valid;
}

void tst_Jwt::issuerAndAudience()
{
    QFETCH(QJsonObject, extra);
    QFETCH(QString, expectedIssuer);
    QFETCH(QStringList, expectedAudiences);
    QFETCH(JwtStatus, status);
    JwtExpectations expect = expectations();
    expect.issuer = expectedIssuer;
    expect.audiences = expectedAudiences;
    const JwtVerification verification = verifyJwt(Jwt::signRs256(claims(extra), m_key, Kid), m_keys, expect);
    QVERIFY2(verification.status == status, qPrintable(verification.message));
    if (status == JwtStatus::WrongAudience)
        QVERIFY2(verification.message.contains(expectedAudiences.first()), qPrintable(verification.message));
    if (status == JwtStatus::WrongIssuer)
        QVERIFY2(verification.message.contains(expectedIssuer), qPrintable(verification.message));
}

void tst_Jwt::jwkRoundTrip()
{
    const QJsonObject jwk = m_key.publicJwk(Kid);
    QCOMPARE(jwk.value(QLatin1String("kty")).toString(), QStringLiteral("RSA"));
    QCOMPARE(jwk.value(QLatin1String("use")).toString(), QStringLiteral("sig"));
    QCOMPARE(jwk.value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
    QCOMPARE(jwk.value(QLatin1String("kid")).toString(), Kid);
    QCOMPARE(jwk.value(QLatin1String("e")).toString(), QStringLiteral("AQAB"));
    QVERIFY(!jwk.contains(QLatin1String("d"))); // never the private exponent

    const RsaKey publicKey = RsaKey::fromJwk(jwk);
    QVERIFY(!publicKey.isNull());
    QVERIFY(!publicKey.hasPrivateKey());
    QVERIFY(publicKey.signSha256("data").isEmpty());
    QVERIFY(publicKey.privatePem().isEmpty());
    QCOMPARE(publicKey.thumbprint(), m_key.thumbprint());
    QCOMPARE(publicKey.publicJwk(Kid), jwk);

    const QByteArray signature = m_key.signSha256("signed bytes");
    QVERIFY(publicKey.verifySha256("signed bytes", signature));
    QVERIFY(!publicKey.verifySha256("other bytes", signature));
    QVERIFY(!RsaKey::fromJwk(m_otherKey.publicJwk(Kid)).verifySha256("signed bytes", signature));
}

void tst_Jwt::jwkRejects_data()
{
    QTest::addColumn<QJsonObject>("jwk");
    const QJsonObject good = RsaKey::generate(1024).publicJwk(Kid);
    const auto with = [&good](const QString &key, const QJsonValue &value) {
        QJsonObject jwk = good;
        if (value.isUndefined())
            jwk.remove(key);
        else
            jwk.insert(key, value);
        return jwk;
    };
    QTest::newRow("EC key") << with(QStringLiteral("kty"), QStringLiteral("EC"));
    QTest::newRow("no kty") << with(QStringLiteral("kty"), QJsonValue::Undefined);
    QTest::newRow("no modulus") << with(QStringLiteral("n"), QJsonValue::Undefined);
    QTest::newRow("empty exponent") << with(QStringLiteral("e"), QString());
    QTest::newRow("modulus not base64url") << with(QStringLiteral("n"), QStringLiteral("a+b/c==="));
    QTest::newRow("empty object") << QJsonObject();
}

void tst_Jwt::jwkRejects()
{
    QFETCH(QJsonObject, jwk);
    QVERIFY(RsaKey::fromJwk(jwk).isNull());
}

void tst_Jwt::jwkSetSkipsUnusableKeys()
{
    const QJsonObject encryption = [this] {
        QJsonObject jwk = m_otherKey.publicJwk(QStringLiteral("enc-key"));
        jwk.insert(QStringLiteral("use"), QStringLiteral("enc"));
        return jwk;
    }();
    QString error;
    const JwkSet set = JwkSet::fromJson(
        QJsonObject{{QStringLiteral("keys"), QJsonArray{encryption, QJsonObject{{QStringLiteral("kty"), QStringLiteral("EC")}},
                                                        m_key.publicJwk(Kid)}}},
        &error);
    QCOMPARE(set.size(), 1);
    QVERIFY(set.find(QStringLiteral("enc-key")).isNull());
    QCOMPARE(set.find(Kid).thumbprint(), m_key.thumbprint());
    QVERIFY2(error.isEmpty(), qPrintable(error));

    JwkSet empty = JwkSet::fromJson(QJsonObject{{QStringLiteral("keys"), QJsonArray{encryption}}}, &error);
    QVERIFY(empty.isEmpty());
    QVERIFY2(error.contains(QLatin1String("no usable RSA signing key")), qPrintable(error));
    JwkSet::fromJson(QJsonObject{{QStringLiteral("keys"), QStringLiteral("oops")}}, &error);
    QVERIFY2(error.contains(QLatin1String("\"keys\"")), qPrintable(error));
}

void tst_Jwt::thumbprintStableAcrossPem()
{
    const QByteArray pem = m_key.privatePem();
    QVERIFY(pem.startsWith("-----BEGIN PRIVATE KEY-----"));
    const RsaKey reloaded = RsaKey::fromPrivatePem(pem);
    QVERIFY(reloaded.hasPrivateKey());
    QCOMPARE(reloaded.thumbprint(), m_key.thumbprint());
    QCOMPARE(reloaded.publicJwk(Kid), m_key.publicJwk(Kid));
    // A token signed by the reloaded key verifies against the JWKS published before the restart.
    QVERIFY(verifyJwt(Jwt::signRs256(claims(), reloaded, Kid), m_keys, expectations()).isValid());
    QVERIFY(RsaKey::fromPrivatePem("-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n").isNull());
}

void tst_Jwt::thumbprintMatchesRfc7638()
{
    QFile file(QStringLiteral(RULEBENCH_SOURCE_DIR "/tests/data/rfc7638-jwk.json"));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    const auto jwk = JsonUtil::parseObject(file.readAll());
    QVERIFY(jwk);
    const RsaKey key = RsaKey::fromJwk(*jwk);
    QVERIFY(!key.isNull());
    // RFC 7638 §3.1: the thumbprint of the example key.
    QCOMPARE(key.thumbprint(), QStringLiteral("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"));
}

void tst_Jwt::benchmarkSignRs256()
{
    const QJsonObject payload = claims({{QStringLiteral("scope"), QStringLiteral("read:messages")},
                                        {QStringLiteral("gty"), QStringLiteral("client-credentials")},
                                        {QStringLiteral("azp"), QStringLiteral("abc")}});
    QByteArray token;
    QBENCHMARK {
        token = Jwt::signRs256(payload, m_key, Kid);
    }
    QVERIFY(verifyJwt(token, m_keys, expectations()).isValid());
}

QTEST_GUILESS_MAIN(tst_Jwt)
#include "tst_jwt.moc"
