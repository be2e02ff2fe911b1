// SPDX-License-Identifier: MIT
#include "MainWindow.h"

#include "LocalTenantService.h"
#include "common/ManagementWorker.h"
#include "common/MessageBox.h"
#include "management/ManagementClient.h"
#include "profiles/ConnectionCheck.h"
#include "rules/RuleHost.h"
#include "rules/TokenSigner.h"
#include "secrets/SecretStore.h"
#include "tenants/TenantDialog.h"
#include "tenants/TenantOverview.h"
#include "testpane/TestPane.h"
#include "ui_MainWindow.h"
#include "wizard/SetupWizard.h"

#include <QCloseEvent>
#include <QSettings>

namespace {
constexpr int ProfileIdRole = Qt::UserRole + 1;
}

MainWindow::MainWindow(LocalTenantService *localTenant, SecretStore *secrets, ProfileStore profiles, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_localTenant(localTenant)
    , m_secrets(secrets)
    , m_profiles(std::move(profiles))
    , m_worker(std::make_unique<ManagementWorker>())
    , m_ruleHost(new RuleHost(this))
{
    m_ui->setupUi(this);
    m_ruleHost->start(); // in the background: ~70 ms for Node to come up
    m_overview = new TenantOverview(this);
    m_ui->overviewLayout->addWidget(m_overview, 1);
    connect(m_ui->tenantListWidget, &QListWidget::currentRowChanged, this, &MainWindow::selectionChanged);
    connect(m_ui->addTenantButton, &QPushButton::clicked, this, &MainWindow::addTenant);
    connect(m_ui->editTenantButton, &QPushButton::clicked, this, &MainWindow::editTenant);
    connect(m_ui->removeTenantButton, &QPushButton::clicked, this, &MainWindow::removeTenant);
    connect(m_ui->testConnectionButton, &QPushButton::clicked, this, &MainWindow::testConnection);
    connect(m_ui->refreshButton, &QPushButton::clicked, this, &MainWindow::selectionChanged);
    connect(m_ui->setupWizardButton, &QPushButton::clicked, this, &MainWindow::openSetupWizard);
    connect(m_ui->testPaneButton, &QPushButton::clicked, this, [this] { openTestPane(); });
    connect(m_ui->testPaneAction, &QAction::triggered, this, [this] { openTestPane(); });
    connect(m_localTenant, &LocalTenantService::started, this, &MainWindow::showLocalTenantStarted);
    connect(m_localTenant, &LocalTenantService::failed, this, &MainWindow::showLocalTenantFailed);
    connect(m_localTenant, &LocalTenantService::notice, statusBar(), [this](const QString &message) { statusBar()->showMessage(message); });
    reloadTenants();
    restoreGeometry(QSettings().value(QStringLiteral("mainWindow/geometry")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings().setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    QMainWindow::closeEvent(event);
}

void MainWindow::reloadTenants()
{
    const QString current = m_ui->tenantListWidget->currentItem()
        ? m_ui->tenantListWidget->currentItem()->data(ProfileIdRole).toString() : TenantProfile::localId();
    QSignalBlocker blocker(m_ui->tenantListWidget);
    m_ui->tenantListWidget->clear();
    auto *local = new QListWidgetItem(QIcon(QStringLiteral(":/icons/rulebench.svg")),
                                      m_localTenant->isRunning() ? tr("Local tenant") : tr("Local tenant (starting…)"));
    local->setData(ProfileIdRole, TenantProfile::localId());
    local->setToolTip(tr("Built in: speaks Auth0's API on 127.0.0.1, no account needed"));
    m_ui->tenantListWidget->addItem(local);
    for (const TenantProfile &profile : m_profiles.profiles()) {
        auto *item = new QListWidgetItem(profile.name, m_ui->tenantListWidget);
        item->setData(ProfileIdRole, profile.id);
        item->setToolTip(profile.baseUrl.toString());
    }
    for (int row = 0; row < m_ui->tenantListWidget->count(); ++row) {
        if (m_ui->tenantListWidget->item(row)->data(ProfileIdRole).toString() == current)
            m_ui->tenantListWidget->setCurrentRow(row);
    }
    if (!m_ui->tenantListWidget->currentItem())
        m_ui->tenantListWidget->setCurrentRow(0);
    blocker.unblock();
    selectionChanged();
}

bool MainWindow::localSelected() const
{
    const QListWidgetItem *item = m_ui->tenantListWidget->currentItem();
    return !item || item->data(ProfileIdRole).toString() == TenantProfile::localId();
}

std::optional<TenantProfile> MainWindow::selectedProfile() const
{
    if (localSelected())
        return std::nullopt;
    return m_profiles.find(m_ui->tenantListWidget->currentItem()->data(ProfileIdRole).toString());
}

void MainWindow::withSelectedAccess(std::function<void(const ManagementAccess &)> then)
{
    if (localSelected()) {
        if (!m_localTenant->isRunning()) {
            m_ui->tenantStatusLabel->setText(tr("The local tenant is still starting."));
            return;
        }
        then(m_localTenant->managementAccess());
        return;
    }
    const auto profile = selectedProfile();
    if (!profile)
        return;
    m_ui->tenantStatusLabel->setText(tr("Reading the secret of %1 from %2…").arg(profile->name, m_secrets->description()));
    m_secrets->read(profile->secretKey(), this, [this, profile = *profile, then = std::move(then)](const SecretStore::Result &result) {
        if (!result.isOk()) {
            m_ui->tenantStatusLabel->setText(tr("Cannot read the secret of %1: %2").arg(profile.name, result.message));
            return;
        }
        m_ui->tenantStatusLabel->setText(profile.baseUrl.toString());
        then(profile.access(result.secret));
    });
}

void MainWindow::selectionChanged()
{
    const bool local = localSelected();
    m_ui->editTenantButton->setEnabled(!local);
    m_ui->removeTenantButton->setEnabled(!local);
    m_ui->connectionResultLabel->clear();
    if (local && !m_localTenant->isRunning()) {
        m_overview->clear(tr("Starting the local tenant…"));
        return;
    }
    if (local)
        m_ui->tenantStatusLabel->setText(tr("Local tenant at %1").arg(m_localTenant->baseUrl()));
    withSelectedAccess([this](const ManagementAccess &access) {
        m_worker->setAccess(access);
        m_overview->load(*m_worker);
    });
}

void MainWindow::testConnection()
{
    m_ui->connectionResultLabel->setText(tr("Testing the connection…"));
    withSelectedAccess([this](const ManagementAccess &access) {
        m_worker->setAccess(access);
        m_worker->run<ConnectionReport>(this, [](ManagementClient &client) { return ConnectionCheck::run(client); },
                                        [this](const ConnectionReport &report) {
            if (!report.reachable) {
                m_ui->connectionResultLabel->setText(tr("Cannot connect: %1").arg(report.error.message));
                return;
            }
            QString text = tr("Connected. %1.").arg(report.rulesDetail);
            text += QLatin1Char('\n') + (report.stepsBlocked.isEmpty()
                                             ? tr("The credentials allow every setup step.")
                                             : tr("Missing scopes block: %1").arg(report.stepsBlocked.join(QStringLiteral("; "))));
            text += QLatin1Char('\n') + tr("Scopes held: %1").arg(report.grantedScopes.join(QLatin1Char(' ')));
            m_ui->connectionResultLabel->setText(text);
        });
    });
}

void MainWindow::openSetupWizard()
{
    withSelectedAccess([this](const ManagementAccess &access) {
        SetupWizard::TenantContext tenant;
        tenant.access = access;
        tenant.snapshot = m_overview->lastSnapshot();
        tenant.rulesAccepted = tenant.snapshot.value(QLatin1String("rules_accepted")).toBool(true);
        if (localSelected())
            tenant.sampleApiUrl = m_localTenant->baseUrl() + QStringLiteral("/sample-api/messages");
        auto *wizard = new SetupWizard(tenant, m_secrets, this);
        if (m_ruleHost->state() == RuleHost::State::Ready)
            wizard->useRuleHost(m_ruleHost); // syntax checks, and rules converted into Actions
        wizard->setAttribute(Qt::WA_DeleteOnClose);
        connect(wizard, &QDialog::finished, this, &MainWindow::selectionChanged);
        connect(wizard, &SetupWizard::openInTestPaneRequested, this, [this, wizard](const QString &ruleName) {
            const SetupPlan plan = wizard->plan();
            wizard->accept();
            openTestPane([ruleName, plan](TestPane *pane) { pane->openFromWizard(ruleName, plan); });
        });
        wizard->open();
    });
}

void MainWindow::openTestPane(std::function<void(TestPane *)> then)
{
    withSelectedAccess([this, then = std::move(then)](const ManagementAccess &access) {
        if (!m_testPane) {
            m_testPane = new TestPane(*m_ruleHost, this);
            m_testPane->setWindowFlag(Qt::Window);
            m_testPane->setSecretStore(m_secrets);
        }
        TestPane::Tenant tenant;
        tenant.access = access;
        tenant.local = localSelected();
        tenant.name = tenant.local ? tr("Local tenant") : m_ui->tenantListWidget->currentItem()->text();
        // The local tenant signs the simulated tokens itself, so its sample API accepts them;
        // for other tenants the pane uses a throw-away key (their private keys stay at Auth0).
        if (tenant.local && m_localTenant->localTenant())
            tenant.signer = std::make_shared<TenantTokenSigner>(m_localTenant->localTenant()->tenant());
        // Opening it again on the same tenant keeps the chain and inputs as they were; the wizard
        // (`then`) made something new, so the tenant is read again.
        if (then || m_testPane->tenant().access.baseUrl != tenant.access.baseUrl || !m_testPane->tenant().signer)
            m_testPane->setTenant(tenant);
        m_testPane->show();
        m_testPane->raise();
        m_testPane->activateWindow();
        if (then)
            then(m_testPane);
    });
}

void MainWindow::addTenant()
{
    TenantDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    TenantProfile profile = dialog.profile();
    profile.id = m_profiles.newId(profile.name);
    saveProfile(profile, dialog.secret(), true);
}

void MainWindow::editTenant()
{
    const auto profile = selectedProfile();
    if (!profile)
        return;
    TenantDialog dialog(this);
    dialog.setProfile(*profile);
    if (dialog.exec() == QDialog::Accepted)
        saveProfile(dialog.profile(), dialog.secret(), dialog.secretChanged());
}

void MainWindow::saveProfile(const TenantProfile &profile, const SecretBytes &secret, bool secretChanged)
{
    const auto commit = [this, profile] {
        QString error;
        if (!m_profiles.save(profile, &error))
            MessageBox::warning(this, tr("Cannot save the tenant"), error);
        reloadTenants();
    };
    if (!secretChanged) {
        commit();
        return;
    }
    // The secret first: a profile whose secret is not stored would be useless.
    m_secrets->write(profile.secretKey(), secret, this, [this, commit, profile](const SecretStore::Result &result) {
        if (!result.isOk()) {
            MessageBox::warning(this, tr("Cannot store the secret"),
                                tr("The secret of %1 could not be stored in %2: %3").arg(profile.name, m_secrets->description(), result.message));
            return;
        }
        commit();
    });
}

void MainWindow::removeTenant()
{
    const auto profile = selectedProfile();
    if (!profile)
        return;
    if (MessageBox::question(this, tr("Remove tenant"),
                             tr("Remove %1 from Rulebench? Its secret is deleted from the keychain; nothing changes on the tenant.").arg(profile->name),
                             QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes)
        return;
    for (const QString &key : profile->allSecretKeys())
        m_secrets->remove(key, this, [](const SecretStore::Result &) {});
    QString error;
    if (!m_profiles.remove(profile->id, &error))
        MessageBox::warning(this, tr("Cannot remove the tenant"), error);
    reloadTenants();
}

void MainWindow::showLocalTenantStarted(const QString &)
{
    reloadTenants();
    statusBar()->showMessage(tr("Local tenant ready"), 5000);
}

void MainWindow::showLocalTenantFailed(const QString &message)
{
    m_ui->tenantListWidget->item(0)->setText(tr("Local tenant (not running)"));
    m_ui->tenantStatusLabel->setText(tr("The local tenant could not start: %1").arg(message));
}
