// SPDX-License-Identifier: MIT
#pragma once

#include "ClaimExplainer.h"
#include "crypto/JwkSet.h"
#include "LiveLogin.h"

#include <functional>
#include <memory>
#include <QJsonObject>
#include <QWidget>

namespace Ui {
class LiveLoginPanel;
}
class LoopbackRedirectListener;
class QNetworkAccessManager;
class QUrlQuery;

// The Live login tab: a password-realm login of a test user against the tenant, the ID token
// the tenant issued (verified, decoded, explained) and how its custom claims compare with the
// last simulated login's.
class LiveLoginPanel : public QWidget
{
    Q_OBJECT
public:
    explicit LiveLoginPanel(QWidget *parent = nullptr);
    ~LiveLoginPanel() override;

    void setBackend(LiveLoginBackend *backend) { m_backend = backend; }
    void setTenant(const QUrl &tenantUrl, const JwkSet &keys, const QString &issuer);
    void setClient(const QString &clientId, const QString &realm, const QString &audience);
    void setExplainer(const ClaimExplainer &explainer) { m_explainer = explainer; }
    void setSimulatedClaims(const QJsonObject &idTokenClaims) { m_simulated = idTokenClaims; }
    void logIn();
    // Authorization code + PKCE: opens the tenant's login page in the system browser and takes
    // the code from the loopback redirect.
    void logInWithBrowser();
    // How the login page is opened (QDesktopServices::openUrl); tests play the browser.
    void setUrlOpener(std::function<bool(const QUrl &)> opener) { m_openUrl = std::move(opener); }
    const LiveLoginResult &lastResult() const { return m_last; }

signals:
    void finished(bool ok);

private:
    void show(const LiveLoginResult &result);
    void redirected(const QUrlQuery &query);
    bool checkReady();

    const std::unique_ptr<Ui::LiveLoginPanel> m_ui;
    LiveLoginBackend *m_backend = nullptr;
    LiveLoginRequest m_request;
    JwkSet m_keys;
    QString m_issuer;
    ClaimExplainer m_explainer { RuleChain() };
    QJsonObject m_simulated;
    LiveLoginResult m_last;
    QNetworkAccessManager *m_network;
    LoopbackRedirectListener *m_listener;
    std::function<bool(const QUrl &)> m_openUrl;
    QByteArray m_verifier;
    QString m_state;
    QString m_redirectUri;
};
