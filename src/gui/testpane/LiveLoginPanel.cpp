// SPDX-License-Identifier: MIT
#include "LiveLoginPanel.h"

#include "common/Clock.h"
#include "crypto/Pkce.h"
#include "LoopbackRedirectListener.h"
#include "net/AuthenticationClient.h"
#include "ui_LiveLoginPanel.h"

#include <memory>
#include <QDesktopServices>
#include <QNetworkAccessManager>
#include <QUrlQuery>

LiveLoginPanel::LiveLoginPanel(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::LiveLoginPanel>())
    , m_network(new QNetworkAccessManager(this))
    , m_listener(new LoopbackRedirectListener(this))
    , m_openUrl([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
    m_ui->setupUi(this);
    connect(m_ui->browserLoginButton, &QPushButton::clicked, this, &LiveLoginPanel::logInWithBrowser);
    connect(m_listener, &LoopbackRedirectListener::redirected, this, &LiveLoginPanel::redirected);
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

bool LiveLoginPanel::checkReady()
{
    m_ui->liveStatusLabel->setStyleSheet(QString());
    if (!m_request.tenantUrl.isValid()) {
        m_ui->liveStatusLabel->setText(tr("Live login is not available: no tenant."));
        return false;
    }
    if (m_request.clientId.isEmpty()) {
        m_ui->liveStatusLabel->setText(
            tr("Application: pick the application to log in to (top of the pane)."));
        return false;
    }
    return true;
}

void LiveLoginPanel::logInWithBrowser()
{
    if (!checkReady())
        return;
    QString error;
    const QUrl redirect = m_listener->listen(&error);
    if (redirect.isEmpty()) {
        m_ui->liveStatusLabel->setText(
            tr("Cannot listen for the browser's redirect on 127.0.0.1: %1").arg(error));
        return;
    }
    m_redirectUri = redirect.toString();
    m_verifier = Pkce::makeVerifier();
    m_state = QString::fromLatin1(Pkce::makeVerifier().left(20));
    AuthorizeRequest request;
    request.clientId = m_request.clientId;
    request.redirectUri = m_redirectUri;
    request.scope = m_request.scope;
    request.audience = m_request.audience;
    request.state = m_state;
    request.nonce = QString::fromLatin1(Pkce::makeVerifier().left(20));
    request.codeChallenge = Pkce::challengeS256(m_verifier);
    request.connection = m_request.realm;
    const QUrl url
        = AuthenticationClient(m_network, m_request.tenantUrl, Clock::system()).authorizeUrl(request);
    m_ui->browserLoginButton->setEnabled(false);
    m_ui->liveStatusLabel->setText(
        tr("Log in in the browser; Rulebench waits for its redirect to %1.").arg(m_redirectUri));
    if (!m_openUrl(url)) {
        m_ui->browserLoginButton->setEnabled(true);
        m_ui->liveStatusLabel->setText(
            tr("Cannot open the browser. Open this address yourself: %1").arg(url.toString()));
    }
}

void LiveLoginPanel::redirected(const QUrlQuery &query)
{
    m_listener->stop();
    m_ui->browserLoginButton->setEnabled(true);
    LiveLoginResult refused;
    if (query.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded) != m_state) {
        refused.error = QStringLiteral("state_mismatch");
        refused.errorDescription = tr("The redirect's state is not the one this login sent; it was ignored.");
        show(refused);
        return;
    }
    if (query.hasQueryItem(QStringLiteral("error"))) {
        refused.error = query.queryItemValue(QStringLiteral("error"), QUrl::FullyDecoded);
        refused.errorDescription
            = query.queryItemValue(QStringLiteral("error_description"), QUrl::FullyDecoded);
        show(refused);
        return;
    }
    m_ui->liveStatusLabel->setText(tr("Exchanging the code for tokens…"));
    auto client = std::make_shared<AuthenticationClient>(m_network, m_request.tenantUrl, Clock::system());
    client->authorizationCode(query.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded), m_verifier,
                              m_redirectUri, m_request.clientId, m_ui->clientSecretLineEdit->secret(), this,
                              [this, client](const ApiResult<TokenResponse> &reply) {
                                  LiveLoginResult result;
                                  result.ok = reply.isOk();
                                  result.httpStatus = reply.isOk() ? 200 : reply.error().httpStatus;
                                  result.error = reply.error().code;
                                  result.errorDescription = reply.error().message;
                                  result.idToken = reply.value().idToken;
                                  result.accessToken = reply.value().accessToken.reveal();
                                  show(result);
                              });
}

void LiveLoginPanel::logIn()
{
    if (!m_backend) {
        m_ui->liveStatusLabel->setText(tr("Live login is not available for this tenant."));
        return;
    }
    if (!checkReady())
        return;
    if (m_ui->usernameLineEdit->text().isEmpty() || m_ui->passwordLineEdit->text().isEmpty()) {
        m_ui->liveStatusLabel->setText(tr("Username and password: enter a test user of the tenant."));
        return;
    }
    LiveLoginRequest request = m_request;
    request.username = m_ui->usernameLineEdit->text();
    request.password = m_ui->passwordLineEdit->secret();
    request.clientSecret = m_ui->clientSecretLineEdit->secret();
    m_ui->liveLoginButton->setEnabled(false);
    m_ui->liveStatusLabel->setText(
        tr("Logging in as %1 through %2; the tenant runs its rules…").arg(request.username, request.realm));
    m_backend->passwordRealm(request, this, [this](const LiveLoginResult &result) { show(result); });
}

void LiveLoginPanel::show(const LiveLoginResult &result)
{
    m_last = result;
    m_ui->liveLoginButton->setEnabled(true);
    if (!result.ok) {
        m_ui->liveStatusLabel->setText(
            result.httpStatus > 0 ? tr("Refused (HTTP %1): %2 — %3")
                                        .arg(result.httpStatus)
                                        .arg(result.error, result.errorDescription)
                                  : tr("Refused: %1 — %2").arg(result.error, result.errorDescription));
        m_ui->liveStatusLabel->setStyleSheet(QStringLiteral("color: #b71c1c; font-weight: bold;"));
        m_ui->liveComparisonLabel->clear();
        m_ui->liveIdTokenView->clear(tr("No token: the login was refused."));
        emit finished(false);
        return;
    }
    m_ui->liveStatusLabel->setText(
        tr("Logged in: the tenant issued an ID token%1.")
            .arg(result.accessToken.isEmpty() ? QString() : tr(" and an access token")));
    m_ui->liveStatusLabel->setStyleSheet(QStringLiteral("color: #1b5e20; font-weight: bold;"));
    m_ui->liveIdTokenView->setToken(result.idToken, ClaimRules::Token::Id, m_keys, tr("the tenant's JWKS"),
                                    m_issuer, m_explainer);
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
        m_ui->liveComparisonLabel->setText(
            tr("Same custom claims as the simulation: %1")
                .arg(same.isEmpty() ? tr("(none)") : same.join(QStringLiteral(", "))));
    else
        m_ui->liveComparisonLabel->setText(
            tr("Differs from the simulation in: %1").arg(different.join(QStringLiteral(", "))));
    emit finished(true);
}
