// SPDX-License-Identifier: MIT
#include "MainWindow.h"

#include "LocalTenantService.h"
#include "ui_MainWindow.h"

#include <QCloseEvent>
#include <QSettings>

MainWindow::MainWindow(LocalTenantService *localTenant, QWidget *parent)
    : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>()), m_localTenant(localTenant)
{
    m_ui->setupUi(this);
    auto *local = new QListWidgetItem(QIcon(QStringLiteral(":/icons/rulebench.svg")), tr("Local tenant (starting…)"));
    m_ui->tenantListWidget->addItem(local);
    m_ui->tenantListWidget->setCurrentItem(local);
    connect(m_localTenant, &LocalTenantService::started, this, &MainWindow::showLocalTenantStarted);
    connect(m_localTenant, &LocalTenantService::failed, this, &MainWindow::showLocalTenantFailed);
    restoreGeometry(QSettings().value(QStringLiteral("mainWindow/geometry")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings().setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    QMainWindow::closeEvent(event);
}

void MainWindow::showLocalTenantStarted(const QString &baseUrl)
{
    m_ui->tenantListWidget->item(0)->setText(tr("Local tenant"));
    m_ui->tenantStatusLabel->setText(tr("Local tenant running at %1").arg(baseUrl));
    statusBar()->showMessage(tr("Local tenant ready"), 5000);
}

void MainWindow::showLocalTenantFailed(const QString &message)
{
    m_ui->tenantListWidget->item(0)->setText(tr("Local tenant (not running)"));
    m_ui->tenantStatusLabel->setText(tr("The local tenant could not start: %1").arg(message));
}
