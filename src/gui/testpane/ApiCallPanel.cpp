// SPDX-License-Identifier: MIT
#include "ApiCallPanel.h"

#include "common/Clock.h"
#include "net/AuthenticationClient.h"
#include "StepDetailsView.h"
#include "ui_ApiCallPanel.h"

#include <memory>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

ApiCallPanel::ApiCallPanel(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::ApiCallPanel>())
    , m_network(new QNetworkAccessManager(this))
{
    m_ui->setupUi(this);
    m_ui->tokenSourceComboBox->addItem(tr("Access token from the last run"), RunToken);
    m_ui->tokenSourceComboBox->addItem(tr("Fresh M2M token (client credentials from the configuration)"),
                                       M2mToken);
    m_ui->tokenSourceComboBox->addItem(tr("No token"), NoToken);
    m_ui->methodComboBox->addItems({ QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                                     QStringLiteral("PATCH"), QStringLiteral("DELETE") });
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit *edit :
         { m_ui->bodyTextEdit, m_ui->responseHeadersTextEdit, m_ui->responseBodyTextEdit })
        edit->setFont(fixed);
    m_ui->responseSplitter->setStretchFactor(1, 2);
    connect(m_ui->sendButton, &QPushButton::clicked, this, &ApiCallPanel::send);
    connect(m_ui->urlLineEdit, &QLineEdit::returnPressed, this, &ApiCallPanel::send);
}

ApiCallPanel::~ApiCallPanel() = default;

void ApiCallPanel::setTenant(const QUrl &tenantUrl, bool local)
{
    m_tenantUrl = tenantUrl;
    const QString current = m_ui->urlLineEdit->text();
    if (local && (current.isEmpty() || current.contains(QLatin1String("/sample-api/"))))
        m_ui->urlLineEdit->setText(tenantUrl.toString(QUrl::StripTrailingSlash)
                                   + QStringLiteral("/sample-api/messages"));
}

void ApiCallPanel::setRunAccessToken(const QByteArray &token)
{
    m_runToken = token;
}

void ApiCallPanel::setRunTokensSignedByTenant(bool signedByTenant)
{
    m_ui->tokenSourceComboBox->setItemText(
        0,
        signedByTenant ? tr("Access token from the last run")
                       : tr("Access token from the last run (signed by the simulator's "
                            "key: the tenant's APIs refuse it)"));
    m_ui->tokenSourceComboBox->setCurrentIndex(
        m_ui->tokenSourceComboBox->findData(signedByTenant ? RunToken : M2mToken));
}

void ApiCallPanel::setM2mCredentials(const QString &clientId, const SecretBytes &secret,
                                     const QString &audience)
{
    m_clientId = clientId;
    m_clientSecret = secret;
    m_audience = audience;
}

void ApiCallPanel::send()
{
    const QUrl url = QUrl::fromUserInput(m_ui->urlLineEdit->text().trimmed());
    if (!url.isValid() || url.host().isEmpty()) {
        showProblem(tr("URL: enter the address of the API to call."));
        return;
    }
    const QByteArray body = m_ui->bodyTextEdit->toPlainText().toUtf8();
    if (!body.trimmed().isEmpty()) {
        QJsonParseError error;
        QJsonDocument::fromJson(body, &error);
        if (error.error != QJsonParseError::NoError) {
            const int line = int(body.left(error.offset).count('\n')) + 1;
            showProblem(tr("Body, line %1: not valid JSON (%2).").arg(line).arg(error.errorString()));
            return;
        }
    }
    switch (m_ui->tokenSourceComboBox->currentData().toInt()) {
    case RunToken:
        if (m_runToken.isEmpty()) {
            showProblem(tr("No access token yet: run an allowed login first, or pick a fresh M2M token."));
            return;
        }
        sendWith(m_runToken);
        return;
    case M2mToken: {
        if (m_clientId.isEmpty() || m_clientSecret.isEmpty() || m_audience.isEmpty()) {
            showProblem(
                tr("A fresh M2M token needs the application's client id and secret in the configuration "
                   "(RULE_APP_CLIENT_ID, RULE_APP_CLIENT_SECRET) and an API (API_AUDIENCE)."));
            return;
        }
        m_ui->responseStatusLabel->setText(tr("Requesting an M2M token for %1…").arg(m_audience));
        m_ui->sendButton->setEnabled(false);
        auto auth = std::make_shared<AuthenticationClient>(m_network, m_tenantUrl, Clock::system());
        auth->clientCredentials(m_clientId, m_clientSecret, m_audience, this,
                                [this, auth](const ApiResult<TokenResponse> &result) {
                                    m_ui->sendButton->setEnabled(true);
                                    if (!result.isOk()) {
                                        showProblem(
                                            tr("The M2M token was refused: %1").arg(result.error().message));
                                        return;
                                    }
                                    sendWith(result.value().accessToken.reveal());
                                });
        return;
    }
    default:
        sendWith({});
    }
}

void ApiCallPanel::sendWith(const QByteArray &token)
{
    QNetworkRequest request(QUrl::fromUserInput(m_ui->urlLineEdit->text().trimmed()));
    request.setTransferTimeout(30000);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    const QByteArray method = m_ui->methodComboBox->currentText().toLatin1();
    const QByteArray body = m_ui->bodyTextEdit->toPlainText().toUtf8();
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    m_ui->sendButton->setEnabled(false);
    m_ui->responseStatusLabel->setText(tr("Waiting for %1…").arg(request.url().toString()));
    m_timer.start();
    QNetworkReply *reply
        = m_network->sendCustomRequest(request, method, method == "GET" ? QByteArray() : body);
    connect(reply, &QNetworkReply::finished, this, [this, reply] { showReply(reply); });
}

void ApiCallPanel::showReply(QNetworkReply *reply)
{
    reply->deleteLater();
    m_ui->sendButton->setEnabled(true);
    const double ms = double(m_timer.nsecsElapsed()) / 1e6;
    m_lastStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_lastBody = reply->readAll();
    QStringList headers;
    for (const auto &pair : reply->rawHeaderPairs())
        headers << QString::fromLatin1(pair.first + ": " + pair.second);
    m_ui->responseHeadersTextEdit->setPlainText(headers.join(QLatin1Char('\n')));
    m_ui->responseBodyTextEdit->setPlainText(StepDetailsView::prettyBody(QString::fromUtf8(m_lastBody)));
    if (m_lastStatus == 0) {
        m_ui->responseStatusLabel->setText(
            tr("No answer after %1 ms: %2").arg(ms, 0, 'f', 1).arg(reply->errorString()));
        m_ui->responseStatusLabel->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    } else {
        m_ui->responseStatusLabel->setText(
            tr("HTTP %1 %2 in %3 ms")
                .arg(m_lastStatus)
                .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString())
                .arg(ms, 0, 'f', 1));
        m_ui->responseStatusLabel->setStyleSheet(m_lastStatus < 300
                                                     ? QStringLiteral("color: #1b5e20; font-weight: bold;")
                                                     : QStringLiteral("color: #b71c1c; font-weight: bold;"));
    }
    emit finished(m_lastStatus);
}

void ApiCallPanel::showProblem(const QString &message)
{
    m_lastStatus = 0;
    m_ui->responseStatusLabel->setText(message);
    m_ui->responseStatusLabel->setStyleSheet(QStringLiteral("color: #b71c1c;"));
    emit finished(0);
}
