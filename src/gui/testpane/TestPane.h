// SPDX-License-Identifier: MIT
#pragma once

#include "crypto/JwkSet.h"
#include "LoginProfiles.h"
#include "management/ManagementAccess.h"
#include "rules/LoginSimulator.h"
#include "rules/TokenSigner.h"
#include "TenantCatalog.h"

#include <memory>
#include <QPointer>
#include <QWidget>

namespace Ui {
class TestPane;
}
class CaseRunner;
class LiveLoginBackend;
class TenantPickers;
class ChainList;
class ManagementWorker;
class QNetworkAccessManager;
class RuleHost;
class SecretStore;
struct SetupPlan;

// The test pane: simulated logins through a tenant's rule chain on the warm rule host, with
// what they did drawn as a timeline, the tokens verified and explained, the findings linked to
// their lines, the user's changes, a call to the API with the run's token, a live login, and
// rule cases (save, run a folder, JUnit, profile matrix). Nothing here blocks the window: the
// host answers asynchronously, the Management API is read on a worker thread.
class TestPane : public QWidget
{
    Q_OBJECT
public:
    struct Tenant
    {
        QString name;
        ManagementAccess access; // its base URL and how to read it
        bool local = false;
        // Signs the simulated tokens: the local tenant's own key (its sample API then accepts
        // them), else a throw-away key.
        std::shared_ptr<const TokenSigner> signer;
    };

    explicit TestPane(RuleHost &host, QWidget *parent = nullptr);
    ~TestPane() override;

    void setTenant(const Tenant &tenant);
    const Tenant &tenant() const { return m_tenant; }
    void setSecretStore(SecretStore *secrets) { m_secrets = secrets; }
    // From the setup wizard: select `ruleName` and fill the configuration with what the plan
    // set up (the application's secret comes from the keychain).
    void openFromWizard(const QString &ruleName, const SetupPlan &plan);

    void selectProfile(const QString &profileId);
    void setConfiguration(const QJsonObject &configuration);
    bool addRuleFromFile(const QString &path, QString *error);
    bool run();
    void cancel();
    bool isRunning() const;
    bool isCatalogLoaded() const { return m_catalogLoaded; }
    const SimulationResult &lastResult() const { return m_last; }
    bool saveCase(const QString &path, QString *error);
    // Opens the rule named in a finding at its line (what double-click/Enter on a finding does).
    void showRuleAt(const QString &ruleName, int line);

signals:
    void catalogLoaded();
    void runFinished(const SimulationResult &result);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void applyCatalog(const TenantCatalog &catalog);
    void fetchJwks();
    void updateRunEnabled();
    void updateM2mCredentials();
    ChainList *chain() const;
    void newSandbox();
    SimulationInputs currentInputs() const;
    void showResult(const SimulationResult &result);
    void showTokens(const SimulationResult &result);
    void showFindings(const SimulationResult &result);
    void showUserChanges(const SimulationResult &result);
    void runMatrix(const QStringList &profileIds);
    void runCases(const QStringList &paths);
    void saveCaseInteractively();
    void fillFromWizardPlan();
    void restoreSettings();
    void saveSettings() const;

    const std::unique_ptr<Ui::TestPane> m_ui;
    RuleHost &m_host;
    std::unique_ptr<ManagementWorker> m_worker;
    QNetworkAccessManager *m_network;
    SecretStore *m_secrets = nullptr;
    Tenant m_tenant;
    std::unique_ptr<LoginSimulator> m_simulator;
    std::unique_ptr<LoginSimulator> m_caseSimulator;
    CaseRunner *m_caseRunner;
    TenantPickers *m_pickers = nullptr;
    QList<LoginProfile> m_profiles;
    TenantCatalog m_catalog;
    bool m_catalogLoaded = false;
    JwkSet m_tenantKeys;
    SimulationResult m_last;
    RuleChain m_lastChain;
    QJsonObject m_userBefore;
    std::unique_ptr<LiveLoginBackend> m_liveBackend;
    QString m_pendingRule;
    std::unique_ptr<SetupPlan> m_pendingPlan;
    int m_tenantGeneration = 0;
    QString m_sandbox;
};
