// SPDX-License-Identifier: MIT
#include "LiveLoginPanel.h"

#include "JsonDiff.h"
#include "ui_LiveLoginPanel.h"

LiveLoginPanel::LiveLoginPanel(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::LiveLoginPanel>())
{
    m_ui->setupUi(this);
    m_ui->liveIdTokenView->clear(tr("Log in to see the ID token the tenant issues."));
    connect(m_ui->liveLoginButton, &QPushButton::clicked, this, &LiveLoginPanel::logIn);
    connect(m_ui->passwordLineEdit, &QLineEdit::returnPressed, this, &LiveLoginPanel::logIn);
}

LiveLoginPanel::~LiveLoginPanel() = default;

void LiveLoginPanel::setTenant(const QUrl &tenantUrl, const JwkSet &keys, const QString &issuer)
{
    m_request.tenantUrl = tenantUrl;
    m_keys = keys;
    m_issuer = issuer;
}

void LiveLoginPanel::setClient(const QString &clientId, const QString &realm, const QString &audience)
{
    m_request.clientId = clientId;
    m_request.realm = realm;
    m_request.audience = audience;
}

void LiveLoginPanel::logIn()
{
    if (!m_backend) {
        m_ui->liveStatusLabel->setText(tr("Live login is not available for this tenant."));
        return;
    }
    if (m_ui->usernameLineEdit->text().isEmpty() || m_ui->passwordLineEdit->text().isEmpty()) {
        m_ui->liveStatusLabel->setText(tr("Username and password: enter a test user of the tenant."));
        return;
    }
    if (m_request.clientId.isEmpty()) {
        m_ui->liveStatusLabel->setText(tr("Application: pick the application to log in to (top of the pane)."));
        return;
    }
    LiveLoginRequest request = m_request;
    request.username = m_ui->usernameLineEdit->text();
    request.password = m_ui->passwordLineEdit->secret();
    request.clientSecret = m_ui->clientSecretLineEdit->secret();
    m_ui->liveLoginButton->setEnabled(false);
    m_ui->liveStatusLabel->setText(tr("Logging in as %1 through %2; the tenant runs its rules…").arg(request.username, request.realm));
    m_backend->passwordRealm(request, this, [this](const LiveLoginResult &result) { show(result); });
}

void LiveLoginPanel::show(const LiveLoginResult &result)
{
    m_last = result;
    m_ui->liveLoginButton->setEnabled(true);
    if (!result.ok) {
        m_ui->liveStatusLabel->setText(tr("Refused (HTTP %1): %2 — %3").arg(result.httpStatus).arg(result.error, result.errorDescription));
        m_ui->liveStatusLabel->setStyleSheet(QStringLiteral("color: #b71c1c; font-weight: bold;"));
        m_ui->liveComparisonLabel->clear();
        m_ui->liveIdTokenView->clear(tr("No token: the login was refused."));
        emit finished(false);
        return;
    }
    m_ui->liveStatusLabel->setText(tr("Logged in: the tenant issued an ID token%1.")
                                       .arg(result.accessToken.isEmpty() ? QString() : tr(" and an access token")));
    m_ui->liveStatusLabel->setStyleSheet(QStringLiteral("color: #1b5e20; font-weight: bold;"));
    m_ui->liveIdTokenView->setToken(result.idToken, ClaimRules::Token::Id, m_keys, tr("the tenant's JWKS"), m_issuer,
                                    m_explainer);
    const QJsonObject live = m_ui->liveIdTokenView->payload();
    QStringList same, different;
    for (auto it = m_simulated.begin(); it != m_simulated.end(); ++it) {
        if (!it.key().contains(QLatin1String("://")))
            continue;
        (live.value(it.key()) == it.value() ? same : different) << it.key();
    }
    if (m_simulated.isEmpty())
        m_ui->liveComparisonLabel->setText(tr("Run a simulated login to compare its claims with this one."));
    else if (different.isEmpty())
        m_ui->liveComparisonLabel->setText(tr("Same custom claims as the simulation: %1")
                                               .arg(same.isEmpty() ? tr("(none)") : same.join(QStringLiteral(", "))));
    else
        m_ui->liveComparisonLabel->setText(tr("Differs from the simulation in: %1").arg(different.join(QStringLiteral(", "))));
    emit finished(true);
}
