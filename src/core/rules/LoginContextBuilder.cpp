// SPDX-License-Identifier: MIT
#include "LoginContextBuilder.h"

#include <QCryptographicHash>
#include <QJsonArray>

namespace {

const QString DatabaseConnection = QStringLiteral("Username-Password-Authentication");
const QString DocumentationIp = QStringLiteral("203.0.113.24"); // RFC 5737 TEST-NET-3

QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

// Stable ids of Auth0's shapes (letters and digits), derived from a seed instead of random.
QString derivedId(const QString &seed, int length)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QByteArray digest = QCryptographicHash::hash(seed.toUtf8(), QCryptographicHash::Sha256);
    while (digest.size() < length)
        digest += QCryptographicHash::hash(digest, QCryptographicHash::Sha256);
    QString id;
    for (int i = 0; i < length; ++i)
        id += QLatin1Char(alphabet[quint8(digest.at(i)) % 62]);
    return id;
}

// Social connections are named after their provider; everything else here is a database user.
bool isSocialProvider(const QString &provider)
{
    static const QStringList social { QStringLiteral("google-oauth2"), QStringLiteral("github"),
                                      QStringLiteral("facebook"),      QStringLiteral("twitter"),
                                      QStringLiteral("windowslive"),   QStringLiteral("linkedin"),
                                      QStringLiteral("apple"),         QStringLiteral("amazon") };
    return social.contains(provider);
}

QString emailLocalPart(const QString &email)
{
    const int at = int(email.indexOf(QLatin1Char('@')));
    return at > 0 ? email.left(at) : email;
}

} // namespace

QDateTime LoginContextBuilder::now() const
{
    return m_options.now.isValid() ? m_options.now.toUTC() : QDateTime::currentDateTimeUtc();
}

QJsonObject LoginContextBuilder::deepMerge(QJsonObject base, const QJsonObject &overrides)
{
    for (auto it = overrides.begin(); it != overrides.end(); ++it) {
        const auto existing = base.constFind(it.key());
        if (it.value().isObject() && existing != base.constEnd() && existing->isObject())
            base.insert(it.key(), deepMerge(existing->toObject(), it.value().toObject()));
        else
            base.insert(it.key(), it.value());
    }
    return base;
}

QJsonObject LoginContextBuilder::defaultUser(const QJsonObject &given) const
{
    const QDateTime t = now();
    const QString email
        = given.value(QLatin1String("email")).toString(QStringLiteral("jane.doe@example.com"));
    const QString userId
        = given.value(QLatin1String("user_id"))
              .toString(
                  QStringLiteral("auth0|")
                  + QString::fromLatin1(
                      QCryptographicHash::hash(email.toUtf8(), QCryptographicHash::Sha1).toHex().left(24)));
    const int bar = int(userId.indexOf(QLatin1Char('|')));
    const QString provider = bar > 0 ? userId.left(bar) : QStringLiteral("auth0");
    const QString providerUserId = bar > 0 ? userId.mid(bar + 1) : userId;
    const bool social = isSocialProvider(provider);
    const QString connection = provider == QLatin1String("auth0") ? DatabaseConnection : provider;
    const QString emailHash = QString::fromLatin1(
        QCryptographicHash::hash(email.trimmed().toLower().toUtf8(), QCryptographicHash::Md5).toHex());
    const QString name = given.value(QLatin1String("name")).toString(email);
    const QString initials = emailLocalPart(email).left(2).toLower();

    // Auth0's database users: name defaults to the email, nickname to its local part, the
    // picture to Gravatar with an initials fallback (D3 and what the dashboard shows).
    return QJsonObject {
        { QStringLiteral("user_id"), userId },
        { QStringLiteral("email"), email },
        { QStringLiteral("email_verified"), true },
        { QStringLiteral("name"), name },
        { QStringLiteral("nickname"), emailLocalPart(email) },
        { QStringLiteral("picture"),
          QStringLiteral("https://s.gravatar.com/avatar/") + emailHash
              + QStringLiteral("?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2F") + initials
              + QStringLiteral(".png") },
        { QStringLiteral("created_at"), iso(t.addDays(-30)) },
        { QStringLiteral("updated_at"), iso(t) },
        { QStringLiteral("last_login"), iso(t) },
        { QStringLiteral("last_ip"), DocumentationIp },
        { QStringLiteral("logins_count"), 1 },
        { QStringLiteral("blocked"), false },
        { QStringLiteral("multifactor"), QJsonArray() },
        { QStringLiteral("identities"),
          QJsonArray { QJsonObject { { QStringLiteral("provider"), provider },
                                     { QStringLiteral("connection"), connection },
                                     { QStringLiteral("user_id"), providerUserId },
                                     { QStringLiteral("isSocial"), social } } } },
        { QStringLiteral("user_metadata"), QJsonObject() },
    };
}

QJsonObject LoginContextBuilder::user(const QJsonObject &given) const
{
    return deepMerge(defaultUser(given), given);
}

QJsonObject LoginContextBuilder::defaultContext(const QJsonObject &user) const
{
    const QDateTime t = now();
    const QString userId = user.value(QLatin1String("user_id")).toString();
    const QJsonObject identity = user.value(QLatin1String("identities")).toArray().first().toObject();
    const QString connection = identity.value(QLatin1String("connection")).toString(DatabaseConnection);
    const QString provider = identity.value(QLatin1String("provider")).toString(QStringLiteral("auth0"));
    const bool social = identity.value(QLatin1String("isSocial")).toBool();
    const int loginsCount = user.value(QLatin1String("logins_count")).toInt(1);
    const QString ip = user.value(QLatin1String("last_ip")).toString(DocumentationIp);

    const QJsonObject query {
        { QStringLiteral("client_id"), m_options.clientId },
        { QStringLiteral("response_type"), QStringLiteral("code") },
        { QStringLiteral("scope"), QStringLiteral("openid profile email") },
        { QStringLiteral("redirect_uri"), QStringLiteral("https://app.rulebench.example/callback") },
        { QStringLiteral("state"), derivedId(userId + QStringLiteral("/state"), 10) },
        { QStringLiteral("nonce"), derivedId(userId + QStringLiteral("/nonce"), 16) },
    };
    const QJsonObject geoip {
        { QStringLiteral("country_code"), QStringLiteral("GR") },
        { QStringLiteral("country_code3"), QStringLiteral("GRC") },
        { QStringLiteral("country_name"), QStringLiteral("Greece") },
        { QStringLiteral("city_name"), QStringLiteral("Athens") },
        { QStringLiteral("latitude"), 37.98 },
        { QStringLiteral("longitude"), 23.73 },
        { QStringLiteral("time_zone"), QStringLiteral("Europe/Athens") },
        { QStringLiteral("continent_code"), QStringLiteral("EU") },
        { QStringLiteral("subdivision_code"), QStringLiteral("I") },
        { QStringLiteral("subdivision_name"), QStringLiteral("Attica") },
    };
    const QJsonObject request {
        { QStringLiteral("userAgent"),
          QStringLiteral("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                         "Chrome/121.0 Safari/537.36") },
        { QStringLiteral("ip"), ip },
        { QStringLiteral("hostname"), m_options.domain.section(QLatin1Char(':'), 0, 0) },
        { QStringLiteral("query"), query },
        { QStringLiteral("body"), QJsonObject() },
        { QStringLiteral("geoip"), geoip },
    };
    // Database users sign in with a password; social and enterprise users come back federated.
    const QString method
        = provider == QLatin1String("auth0") ? QStringLiteral("pwd") : QStringLiteral("federated");

    return QJsonObject {
        { QStringLiteral("tenant"), m_options.tenantName },
        { QStringLiteral("clientID"), m_options.clientId },
        { QStringLiteral("clientName"), m_options.clientName },
        { QStringLiteral("clientMetadata"), QJsonObject() },
        { QStringLiteral("connectionID"), QStringLiteral("con_") + derivedId(connection, 16) },
        { QStringLiteral("connection"), connection },
        // D1: social connections' strategy equals the connection; database users: "auth0".
        { QStringLiteral("connectionStrategy"), social ? connection : provider },
        { QStringLiteral("connectionOptions"), QJsonObject() },
        { QStringLiteral("connectionMetadata"), QJsonObject() },
        { QStringLiteral("samlConfiguration"), QJsonObject() },
        { QStringLiteral("protocol"), QStringLiteral("oidc-basic-profile") },
        { QStringLiteral("stats"), QJsonObject { { QStringLiteral("loginsCount"), loginsCount } } },
        { QStringLiteral("sso"),
          QJsonObject { { QStringLiteral("with_auth0"), false },
                        { QStringLiteral("with_dbconn"), false },
                        { QStringLiteral("current_clients"), QJsonArray() } } },
        { QStringLiteral("accessToken"), QJsonObject() },
        { QStringLiteral("idToken"), QJsonObject() },
        { QStringLiteral("sessionID"), derivedId(userId + QStringLiteral("/session"), 20) },
        { QStringLiteral("request"), request },
        { QStringLiteral("authentication"),
          QJsonObject { { QStringLiteral("methods"),
                          QJsonArray { QJsonObject {
                              { QStringLiteral("name"), method },
                              { QStringLiteral("timestamp"), double(t.toMSecsSinceEpoch()) } } } } } },
        { QStringLiteral("authorization"), QJsonObject { { QStringLiteral("roles"), QJsonArray() } } },
    };
}

QJsonObject LoginContextBuilder::context(const QJsonObject &given, const QJsonObject &user) const
{
    return deepMerge(defaultContext(user), given);
}
