// SPDX-License-Identifier: MIT
#pragma once

#include "ClaimExplainer.h"
#include "crypto/Jwt.h"

#include <memory>
#include <optional>
#include <QWidget>

namespace Ui {
class TokenView;
}
class QTimer;

// One token of a login: whether its signature verifies against the tenant's JWKS, its claims
// with where each came from, the decoded header and payload, the raw JWT, and a countdown to
// its expiry.
class TokenView : public QWidget
{
    Q_OBJECT
public:
    explicit TokenView(QWidget *parent = nullptr);
    ~TokenView() override;

    // `keysLabel` says whose keys `keys` are ("the tenant's JWKS").
    void setToken(const QByteArray &token, ClaimRules::Token kind, const JwkSet &keys,
                  const QString &keysLabel, const QString &issuer, const ClaimExplainer &explainer);
    void clear(const QString &why);
    bool isVerified() const { return m_verified; }
    QJsonObject payload() const { return m_payload; }

private:
    void updateExpiry();

    const std::unique_ptr<Ui::TokenView> m_ui;
    QTimer *m_countdown;
    std::optional<qint64> m_expiry;
    bool m_verified = false;
    QJsonObject m_payload;
};
