// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

#include <memory>

namespace Ui {
class MainWindow;
}
class LocalTenantService;

// The tenant list (the local tenant first) and, for the selected tenant, what it holds.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(LocalTenantService *localTenant, QWidget *parent = nullptr);
    ~MainWindow() override;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void showLocalTenantStarted(const QString &baseUrl);
    void showLocalTenantFailed(const QString &message);

    const std::unique_ptr<Ui::MainWindow> m_ui;
    LocalTenantService *m_localTenant;
};
