// SPDX-License-Identifier: MIT
#pragma once

#include "management/ManagementAccess.h"
#include "profiles/ProfileStore.h"

#include <QMainWindow>

#include <functional>
#include <memory>

namespace Ui {
class MainWindow;
}
class LocalTenantService;
class RuleHost;
class ManagementWorker;
class SecretStore;
class TenantOverview;
class TestPane;

// The tenant list (the local tenant first) and, for the selected tenant, what it holds, with
// Test connection and the setup wizard.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(LocalTenantService *localTenant, SecretStore *secrets, ProfileStore profiles, QWidget *parent = nullptr);
    ~MainWindow() override;

    // The selected tenant's Management API access, resolved asynchronously (secrets come from
    // the keychain); `then` is not called if it cannot be had (the reason is shown).
    void withSelectedAccess(std::function<void(const ManagementAccess &)> then);

    // Opens the setup wizard on the selected tenant (what the "Set up…" button does).
    void openSetupWizard();
    // Opens the test pane on the selected tenant (Ctrl+T); `then` runs once it has the tenant.
    void openTestPane(std::function<void(TestPane *)> then = {});
    TestPane *testPane() const { return m_testPane; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void reloadTenants();
    void selectionChanged();
    bool localSelected() const;
    std::optional<TenantProfile> selectedProfile() const;
    void addTenant();
    void editTenant();
    void removeTenant();
    void testConnection();
    void saveProfile(const TenantProfile &profile, const SecretBytes &secret, bool secretChanged);
    void showLocalTenantStarted(const QString &baseUrl);
    void showLocalTenantFailed(const QString &message);

    const std::unique_ptr<Ui::MainWindow> m_ui;
    LocalTenantService *m_localTenant;
    SecretStore *m_secrets;
    ProfileStore m_profiles;
    std::unique_ptr<ManagementWorker> m_worker;
    TenantOverview *m_overview;
    RuleHost *m_ruleHost; // the warm Node process: syntax checks and the test pane's simulated logins
    TestPane *m_testPane = nullptr; // a window of its own, made on first use
};
