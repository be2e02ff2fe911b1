// SPDX-License-Identifier: MIT
#pragma once

#include "common/SecretBytes.h"

#include <memory>
#include <QElapsedTimer>
#include <QUrl>
#include <QWidget>

namespace Ui {
class ApiCallPanel;
}
class QNetworkAccessManager;
class QNetworkReply;

// "Call the API": sends a request to the target API with the access token of the last run, or
// with a fresh M2M token (client_credentials for the configured application and the chosen
// API), and shows the status, headers, body (JSON pretty-printed) and timing. The local
// tenant's sample API is the default target.
class ApiCallPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ApiCallPanel(QWidget *parent = nullptr);
    ~ApiCallPanel() override;

    void setTenant(const QUrl &tenantUrl, bool local);
    void setRunAccessToken(const QByteArray &token);
    // False when the run's tokens are signed by the simulator's throw-away key: the tenant's
    // APIs refuse them, so a fresh M2M token is the default.
    void setRunTokensSignedByTenant(bool signedByTenant);
    // For a fresh M2M token: the application's credentials and the API's identifier.
    void setM2mCredentials(const QString &clientId, const SecretBytes &secret, const QString &audience);
    void send();
    int lastStatus() const { return m_lastStatus; }
    QByteArray lastBody() const { return m_lastBody; }

signals:
    void finished(int status);

private:
    enum TokenSource
    {
        RunToken,
        M2mToken,
        NoToken
    };
    void sendWith(const QByteArray &token);
    void showReply(QNetworkReply *reply);
    void showProblem(const QString &message);

    const std::unique_ptr<Ui::ApiCallPanel> m_ui;
    QNetworkAccessManager *m_network;
    QUrl m_tenantUrl;
    QByteArray m_runToken;
    QString m_clientId;
    SecretBytes m_clientSecret;
    QString m_audience;
    QElapsedTimer m_timer;
    int m_lastStatus = 0;
    QByteArray m_lastBody;
};
