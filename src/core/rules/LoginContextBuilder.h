// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

// Builds the `user` and `context` a rule sees, the way Auth0 fills them for an ordinary
// interactive login (reference/rules-runtime.md §1): every documented field gets a realistic
// value derived from what is known (the user's id, email, connection; the tenant; the clock),
// then the given JSON is deep-merged over it, so any field can be overridden or set to null.
// Fields Auth0 sets only in particular set-ups stay absent unless given: user.app_metadata
// (undefined by default, D3), context.organization (Organizations), context.riskAssessment
// (Adaptive MFA), context.redirect / multifactor / primaryUser (rules set them to ask for
// something), context.original_protocol (after a redirect).
// Deterministic: the same inputs and `now` give the same objects (ids are derived, not random).
class LoginContextBuilder
{
public:
    struct Options
    {
        QString tenantName = QStringLiteral("local");
        QString domain = QStringLiteral("rulebench.local"); // auth0.domain: context.request.hostname
        QString clientId = QStringLiteral("Rb7sQ2mTestClientXq9VbN3kLpW0aZ1");
        QString clientName = QStringLiteral("Rulebench Test App");
        QDateTime now; // invalid: the current time
    };

    LoginContextBuilder() = default;
    explicit LoginContextBuilder(Options options)
        : m_options(std::move(options))
    {
    }

    QJsonObject user(const QJsonObject &given) const;
    // `user` is the built user (its id, connection and counters feed the context).
    QJsonObject context(const QJsonObject &given, const QJsonObject &user) const;

    QJsonObject defaultUser(const QJsonObject &given) const;
    QJsonObject defaultContext(const QJsonObject &user) const;

    // Objects merge key by key, recursively; anything else in `overrides` (arrays, scalars,
    // null) replaces what `base` has.
    static QJsonObject deepMerge(QJsonObject base, const QJsonObject &overrides);

private:
    QDateTime now() const;

    Options m_options;
};
